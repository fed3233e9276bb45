// The primitive ops of wiregrad's tensor IR. Every block lowers to these, every VJP rule
// is written in these, and every backend implements exactly these. Keep the set small:
// composites (softmax, GELU, layer norm, conv, pooling) are built in `builder.ts` / `nodes/`.

export const UNARY_PRIMS = [
  "neg",
  "recip",
  "exp",
  "log",
  "sin",
  "cos",
  "sqrt",
  "tanh",
  "sigmoid",
  "abs",
  "sign",
  "floor",
  "erf",
] as const;
export type UnaryPrim = (typeof UNARY_PRIMS)[number];

// Broadcasting binary ops. `lt` and `eq` return 1/0 and have no gradient.
export const BINARY_PRIMS = ["add", "sub", "mul", "div", "pow", "max", "min", "lt", "eq"] as const;
export type BinaryPrim = (typeof BINARY_PRIMS)[number];

/** Attributes of each primitive. The tables in shape.ts, vjp.ts and the backends are keyed by this. */
export interface PrimAttrs {
  // elementwise
  neg: Record<string, never>;
  recip: Record<string, never>;
  exp: Record<string, never>;
  log: Record<string, never>;
  sin: Record<string, never>;
  cos: Record<string, never>;
  sqrt: Record<string, never>;
  tanh: Record<string, never>;
  sigmoid: Record<string, never>;
  abs: Record<string, never>;
  sign: Record<string, never>;
  floor: Record<string, never>;
  erf: Record<string, never>;
  add: Record<string, never>;
  sub: Record<string, never>;
  mul: Record<string, never>;
  div: Record<string, never>;
  pow: Record<string, never>;
  max: Record<string, never>;
  min: Record<string, never>;
  lt: Record<string, never>;
  eq: Record<string, never>;
  /** where(cond, a, b): cond != 0 ? a : b, broadcasting all three. */
  where: Record<string, never>;
  /** Identity forward, zero gradient (PyTorch's `.detach()`). */
  stop_gradient: Record<string, never>;
  // reductions
  sum: { axes: number[]; keepdims: boolean };
  reduce_max: { axes: number[]; keepdims: boolean };
  // movement
  reshape: { shape: number[] };
  transpose: { perm: number[] };
  broadcast: { shape: number[] };
  slice: { starts: number[]; ends: number[] };
  /** Pads with `value`; the adjoint of `slice`. */
  pad: { before: number[]; after: number[]; value: number };
  concat: { axis: number };
  /** gather(x, idx): out = x.shape[:axis] ++ idx.shape ++ x.shape[axis+1:], indices are float-coded ints. */
  gather: { axis: number };
  /** scatter_add(g, idx): the adjoint of gather; `size` is the length of `axis` in the result. */
  scatter_add: { axis: number; size: number };
  // linear algebra
  /** Batched matmul [..., m, k] x [..., k, n] -> [..., m, n]; batch dims broadcast. */
  matmul: Record<string, never>;
  /**
   * im2col: x[N,C,H,W] -> [N,C,kh,kw,Ho,Wo]. Padding positions read `padValue`
   * (0 for convolution, -Infinity for max pooling).
   */
  unfold: WindowAttrs & { padValue: number };
  /** col2im: the adjoint of unfold, [N,C,kh,kw,Ho,Wo] -> [N,C,H,W] (overlaps add). */
  fold: WindowAttrs & { height: number; width: number };
  // sources
  /** A tensor fixed at compile time. `data` has length 1 (a fill) or prod(shape). */
  const: { shape: number[]; data: number[] | Float64Array | Float32Array };
  /** Fed at run time: a batch, an Input node, a hyperparameter scalar, the step counter. */
  input: { name: string; shape: number[] };
  /** A persistent variable: a learnable parameter, running statistics, an optimiser slot. */
  variable: { name: string; shape: number[] };
  /**
   * Counter-based random numbers: a function of (run seed, step, key, element index), so the
   * CPU and WebGPU backends draw the same numbers and a rerun with the same seed repeats.
   */
  random: { shape: number[]; dist: "uniform" | "normal"; key: number };
}

export interface WindowAttrs {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
}

export type Prim = keyof PrimAttrs;

/** Every primitive, for the exhaustive tables and generated tests. */
export const ALL_PRIMS = [
  ...UNARY_PRIMS,
  ...BINARY_PRIMS,
  "where",
  "stop_gradient",
  "sum",
  "reduce_max",
  "reshape",
  "transpose",
  "broadcast",
  "slice",
  "pad",
  "concat",
  "gather",
  "scatter_add",
  "matmul",
  "unfold",
  "fold",
  "const",
  "input",
  "variable",
  "random",
] as const satisfies readonly Prim[];

// A compile-time check that ALL_PRIMS lists every key of PrimAttrs.
type Missing = Exclude<Prim, (typeof ALL_PRIMS)[number]>;
const _exhaustive: Missing extends never ? true : Missing = true;
void _exhaustive;

/** One operation in the IR: static single assignment, `id` is its value. */
export interface IRNode<P extends Prim = Prim> {
  id: number;
  prim: P;
  inputs: number[];
  attrs: PrimAttrs[P];
  shape: number[];
}

/**
 * Every IR node is made here, so all of them share one object layout: the planner and
 * autodiff read `inputs` and `shape` of thousands of nodes per compile, and nodes of a
 * second layout (a spread copy, say) make the JavaScript engine drop its optimised code for
 * those loops and start over, which showed as compiles 3–5× slower for the first few dozen.
 */
export function irNode<P extends Prim>(
  id: number,
  prim: P,
  inputs: number[],
  attrs: PrimAttrs[P],
  shape: number[],
): IRNode<P> {
  return { id, prim, inputs, attrs, shape };
}

// Sets, not Array.includes: the planner and autodiff ask once per op of a deep graph.
const UNARY = new Set<string>(UNARY_PRIMS);
const BINARY = new Set<string>(BINARY_PRIMS);
export function isUnary(p: Prim): p is UnaryPrim {
  return UNARY.has(p);
}
export function isBinary(p: Prim): p is BinaryPrim {
  return BINARY.has(p);
}
