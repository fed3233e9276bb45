import { AT, DT, type NodeProto, type TensorProto, toNum } from "../proto";

// Reading what an ONNX file holds: tensors (initializers, Constant values) as numbers and
// attributes with their defaults.

export interface ConstTensor {
  shape: number[];
  data: Float32Array;
}

/** Thrown when an ONNX node cannot become blocks; the message says why. */
export class ImportUnsupported extends Error {
  override name = "ImportUnsupported";
}

/** A tensor's values as float32 (shapes and axes are small integers, which float32 holds exactly). */
export function tensorValues(t: TensorProto): ConstTensor {
  const shape = (t.dims ?? []).map(toNum);
  const n = shape.reduce((a, b) => a * b, 1);
  if (t.dataLocation === 1)
    throw new ImportUnsupported(`tensor "${t.name}" keeps its data in an external file`);
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
  const out = new Float32Array(n);
  const fill = (list: ArrayLike<unknown> | null | undefined, read: (i: number) => number, width: number) => {
    if (view) {
      if (raw!.length !== n * width)
        throw new ImportUnsupported(`tensor "${t.name}" has the wrong byte count`);
      for (let i = 0; i < n; i++) out[i] = read(i * width);
    } else {
      if ((list?.length ?? 0) !== n)
        throw new ImportUnsupported(`tensor "${t.name}" has the wrong value count`);
      for (let i = 0; i < n; i++) out[i] = toNum(list![i]);
    }
  };
  switch (t.dataType) {
    case DT.FLOAT:
      fill(t.floatData, (o) => view!.getFloat32(o, true), 4);
      break;
    case DT.DOUBLE:
      fill(t.doubleData, (o) => view!.getFloat64(o, true), 8);
      break;
    case DT.INT64:
      fill(t.int64Data, (o) => Number(view!.getBigInt64(o, true)), 8);
      break;
    case DT.INT32:
      fill(t.int32Data, (o) => view!.getInt32(o, true), 4);
      break;
    default:
      throw new ImportUnsupported(`tensor "${t.name}" has data type ${t.dataType}, not float or integer`);
  }
  return { shape, data: out };
}

const utf8 = new TextDecoder();

/** Typed access to a node's attributes, each with the default its operator defines. */
export function attrs(node: NodeProto) {
  const get = (name: string) => (node.attribute ?? []).find((a) => a.name === name);
  return {
    has: (name: string) => get(name) !== undefined,
    int(name: string, dflt: number): number {
      const a = get(name);
      return a?.type === AT.INT ? toNum(a.i) : dflt;
    },
    float(name: string, dflt: number): number {
      const a = get(name);
      return a?.type === AT.FLOAT ? (a.f ?? 0) : dflt;
    },
    ints(name: string, dflt: number[]): number[] {
      const a = get(name);
      return a?.type === AT.INTS ? (a.ints ?? []).map(toNum) : dflt;
    },
    string(name: string, dflt: string): string {
      const a = get(name);
      return a?.type === AT.STRING && a.s ? utf8.decode(a.s) : dflt;
    },
    tensor(name: string): TensorProto | undefined {
      const a = get(name);
      return a?.type === AT.TENSOR ? (a.t ?? undefined) : undefined;
    },
  };
}

export type Attrs = ReturnType<typeof attrs>;
