import type { onnx as O } from "onnx-proto";
import onnxProto from "onnx-proto";
import type { SymShape } from "../../graph/symbolic";

// The ONNX protobuf messages (protobufjs, generated from onnx 1.10's .proto) and the few
// builders the exporter and importer share. Everything else talks to ONNX through here.

export const pb = onnxProto.onnx;

export type ModelProto = O.IModelProto;
export type GraphProto = O.IGraphProto;
export type NodeProto = O.INodeProto;
export type TensorProto = O.ITensorProto;
export type AttributeProto = O.IAttributeProto;
export type ValueInfoProto = O.IValueInfoProto;

/**
 * Opset 17: the newest that Debian's python3-onnx (1.12) checks, and onnxruntime 1.17 runs
 * up to 20. It has LayerNormalization; GELU only arrives in 20, so GELU is composed from Erf.
 */
export const OPSET = 17;
/** IR version 8 is what opset 17 requires (and the newest onnx 1.10's protos describe). */
export const IR_VERSION = 8;

/** TensorProto.DataType values used here (numbers, so no runtime enum object is needed). */
export const DT = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;

/** AttributeProto.AttributeType values. */
export const AT = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** protobufjs decodes int64 as Long objects (the `long` package is installed) or numbers. */
export function toNum(v: unknown): number {
  if (typeof v === "number") return v;
  if (v && typeof (v as { toNumber?: unknown }).toNumber === "function") {
    return (v as { toNumber(): number }).toNumber();
  }
  return Number(v);
}

/** A float32 tensor; raw little-endian bytes, the compact form every ONNX reader accepts. */
export function floatTensor(name: string, shape: readonly number[], data: ArrayLike<number>): TensorProto {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return { name, dims: [...shape], dataType: DT.FLOAT, rawData: bytes };
}

/** An int64 tensor (shapes, axes, split sizes), as ONNX wants for those inputs. */
export function int64Tensor(name: string, shape: readonly number[], data: readonly number[]): TensorProto {
  return { name, dims: [...shape], dataType: DT.INT64, int64Data: [...data] };
}

/** Attribute values, tagged because ONNX types them (alpha=1 is a FLOAT, not an INT). */
export type Attr =
  | { f: number }
  | { i: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { s: string }
  | { strings: readonly string[] }
  | { t: TensorProto };

export const A = {
  f: (f: number): Attr => ({ f }),
  i: (i: number | boolean): Attr => ({ i: Number(i) }),
  ints: (ints: readonly number[]): Attr => ({ ints }),
  floats: (floats: readonly number[]): Attr => ({ floats }),
  s: (s: string): Attr => ({ s }),
  strings: (strings: readonly string[]): Attr => ({ strings }),
  t: (t: TensorProto): Attr => ({ t }),
};

const utf8 = new TextEncoder();

export function attributeProto(name: string, a: Attr): AttributeProto {
  if ("f" in a) return { name, type: AT.FLOAT, f: a.f };
  if ("i" in a) return { name, type: AT.INT, i: a.i };
  if ("ints" in a) return { name, type: AT.INTS, ints: [...a.ints] };
  if ("floats" in a) return { name, type: AT.FLOATS, floats: [...a.floats] };
  if ("s" in a) return { name, type: AT.STRING, s: utf8.encode(a.s) };
  if ("strings" in a) return { name, type: AT.STRINGS, strings: a.strings.map((s) => utf8.encode(s)) };
  return { name, type: AT.TENSOR, t: a.t };
}

/** A float32 value with our symbolic shape: the batch "B" becomes the dim_param "B". */
export function valueInfo(name: string, shape: SymShape, elemType: number = DT.FLOAT): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (d === "B" ? { dimParam: "B" } : { dimValue: d })) },
      },
    },
  };
}

export function encodeModel(m: ModelProto): Uint8Array {
  return pb.ModelProto.encode(pb.ModelProto.create(m)).finish();
}

export function decodeModel(bytes: Uint8Array): O.ModelProto {
  return pb.ModelProto.decode(bytes);
}
