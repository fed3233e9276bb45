import type { IRNode, Prim, PrimAttrs } from "../../ir/prims";
import { isBinary, isUnary } from "../../ir/prims";
import { normalAt, streamBase, uniformAt } from "../../ir/rng";
import { fmt, type Shape, size } from "../../ir/shape";
import * as K from "./kernels";
import type { Arr, ArrCtor } from "./strided";

export type { Arr } from "./strided";

export interface CpuRunOptions {
  /** Float32 for training, Float64 for gradient checks. */
  dtype: "f32" | "f64";
  /** Values of `input` ops by name. */
  feeds: Record<string, ArrayLike<number>>;
  /** Values of `variable` ops by name. */
  variables: Record<string, ArrayLike<number>>;
  seed: number;
  step: number;
}

export class ExecError extends Error {
  override name = "ExecError";
}

/**
 * Runs the ops needed for `outputs` in program order and returns their values.
 * Intermediates are dropped after their last use so peak memory follows liveness.
 */
export function executeCpu(nodes: readonly IRNode[], outputs: number[], opt: CpuRunOptions): Arr[] {
  const C: ArrCtor = opt.dtype === "f64" ? Float64Array : Float32Array;
  const needed = new Uint8Array(nodes.length);
  for (const o of outputs) needed[o] = 1;
  const lastUse = new Int32Array(nodes.length).fill(-1);
  for (let id = nodes.length - 1; id >= 0; id--) {
    if (!needed[id]) continue;
    for (const i of nodes[id].inputs) {
      needed[i] = 1;
      if (lastUse[i] < id) lastUse[i] = id;
    }
  }
  const keep = new Set(outputs);
  const vals: (Arr | undefined)[] = new Array(nodes.length);
  for (let id = 0; id < nodes.length; id++) {
    if (!needed[id]) continue;
    const n = nodes[id];
    const ins = n.inputs.map((i) => vals[i]!);
    try {
      vals[id] = run(C, n, ins, nodes, opt);
    } catch (e) {
      throw new ExecError(`op %${id} ${n.prim} ${fmt(n.shape)}: ${(e as Error).message}`);
    }
    for (const i of n.inputs) if (lastUse[i] === id && !keep.has(i)) vals[i] = undefined;
  }
  return outputs.map((o) => vals[o]!);
}

function fromArray(C: ArrCtor, data: ArrayLike<number>, shape: Shape, what: string): Arr {
  const n = size(shape);
  if (data.length !== n)
    throw new ExecError(`${what}: expected ${n} values for ${fmt(shape)}, got ${data.length}`);
  return data instanceof C ? data : C.from(data as ArrayLike<number>);
}

function run(C: ArrCtor, n: IRNode, x: Arr[], nodes: readonly IRNode[], opt: CpuRunOptions): Arr {
  const p: Prim = n.prim;
  const sh = (k: number) => nodes[n.inputs[k]].shape;
  if (isUnary(p)) return K.unary(C, p, x[0]);
  if (isBinary(p)) return K.binary(C, p, x[0], sh(0), x[1], sh(1), n.shape);
  switch (p) {
    case "where":
      return K.where(C, x[0], sh(0), x[1], sh(1), x[2], sh(2), n.shape);
    case "stop_gradient":
    case "reshape":
      return x[0]; // values are immutable, so sharing the buffer is safe
    case "sum":
    case "reduce_max": {
      const a = n.attrs as PrimAttrs["sum"];
      return K.reduce(C, p === "sum" ? "sum" : "max", x[0], sh(0), a.axes, size(n.shape));
    }
    case "transpose":
      return K.transpose(C, x[0], sh(0), (n.attrs as PrimAttrs["transpose"]).perm, n.shape);
    case "broadcast":
      return K.broadcast(C, x[0], sh(0), n.shape);
    case "slice":
      return K.slice(C, x[0], sh(0), n.attrs as PrimAttrs["slice"], n.shape);
    case "pad":
      return K.pad(C, x[0], sh(0), n.attrs as PrimAttrs["pad"], n.shape);
    case "concat":
      return K.concat(
        C,
        x,
        n.inputs.map((i) => nodes[i].shape),
        (n.attrs as PrimAttrs["concat"]).axis,
        n.shape,
      );
    case "gather":
      return K.gather(C, x[0], sh(0), x[1], (n.attrs as PrimAttrs["gather"]).axis);
    case "scatter_add": {
      const a = n.attrs as PrimAttrs["scatter_add"];
      return K.scatterAdd(C, x[0], sh(0), x[1], sh(1).length, a.axis, a.size);
    }
    case "matmul":
      return K.matmul(C, x[0], sh(0), x[1], sh(1), n.shape);
    case "unfold":
      return K.unfold(C, x[0], sh(0), n.attrs as PrimAttrs["unfold"], n.shape);
    case "fold":
      return K.fold(C, x[0], n.attrs as PrimAttrs["fold"], n.shape);
    case "const": {
      const a = n.attrs as PrimAttrs["const"];
      const out = new C(size(n.shape));
      if (a.data.length === 1) return out.fill(a.data[0]);
      out.set(a.data);
      return out;
    }
    case "input": {
      const a = n.attrs as PrimAttrs["input"];
      const v = opt.feeds[a.name];
      if (!v) throw new ExecError(`no value fed for input "${a.name}"`);
      return fromArray(C, v, n.shape, `input "${a.name}"`);
    }
    case "variable": {
      const a = n.attrs as PrimAttrs["variable"];
      const v = opt.variables[a.name];
      if (!v) throw new ExecError(`no value for variable "${a.name}"`);
      return fromArray(C, v, n.shape, `variable "${a.name}"`);
    }
    case "random": {
      const a = n.attrs as PrimAttrs["random"];
      const base = streamBase(opt.seed, opt.step, a.key);
      const out = new C(size(n.shape));
      const f = a.dist === "uniform" ? uniformAt : normalAt;
      for (let i = 0; i < out.length; i++) out[i] = f(base, i);
      return out;
    }
  }
  // Exhaustive: a primitive without a CPU kernel is a type error here.
  const missing: never = p;
  throw new ExecError(`no CPU kernel for ${missing}`);
}
