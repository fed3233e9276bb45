// The whole program as a table of op records for the interpreter kernel (interp.ts): one
// fixed-size record of u32 fields per op, in program order. Every operand lives in the
// heap; shapes are padded at the front to RANK axes, and tensors are read through strides
// (broadcasts, transposes and slices are strided copies). Operands are contiguous heap
// regions, so matmul and reductions read them with plain row-major strides.
//
// Why a table and not straight-line WGSL per op: SwiftShader compiles each loop of a
// kernel in ~0.1 s, so a 200-op step as straight-line code took 12–20 s to compile; the
// table keeps the kernel's code the same size for every program (measured 0.5 s).

import type { IRNode, Prim, PrimAttrs } from "../../../ir/prims";
import { broadcastStrides, normAxis, size, stridesOf } from "../../../ir/shape";
import { applyView, contiguous } from "../views";
import type { Loc } from "./layout";

export const RANK = 6;
/** u32 fields per record. */
export const REC = 40;

export const OP = {
  ew: 0,
  reduce: 1,
  matmul: 2,
  gather: 3,
  scatter: 4,
  pad: 5,
  concat: 6,
  random: 7,
} as const;

/** Elementwise sub-ops: unary 0–12, binary 20–28, where 30, copy 31. */
export const UNARY_CODES: Partial<Record<Prim, number>> = {
  neg: 0,
  recip: 1,
  exp: 2,
  log: 3,
  sin: 4,
  cos: 5,
  sqrt: 6,
  tanh: 7,
  sigmoid: 8,
  abs: 9,
  sign: 10,
  floor: 11,
  erf: 12,
};
export const BINARY_CODES: Partial<Record<Prim, number>> = {
  add: 20,
  sub: 21,
  mul: 22,
  div: 23,
  pow: 24,
  max: 25,
  min: 26,
  lt: 27,
  eq: 28,
};
export const WHERE = 30;
export const COPY = 31;

const f32bits = (v: number) => new Uint32Array(new Float32Array([v]).buffer)[0];

const pad6 = (xs: readonly number[], fill: number) => [...Array(RANK - xs.length).fill(fill), ...xs];

export interface TableCtx {
  loc(id: number): Loc;
  shape(id: number): readonly number[];
}

/** Record writer: fields at fixed positions (see interp.ts for the layout of each op). */
class Rec {
  readonly f = new Uint32Array(REC);
  set(at: number, ...vs: number[]): this {
    vs.forEach((v, k) => {
      this.f[at + k] = v >>> 0;
    });
    return this;
  }
}

// Elementwise record: 0 op, 1 sub, 2 out, 3 n, 4 flat mask, 5–10 shape,
// 11–13 input offsets, 14–19 / 20–25 / 26–31 input strides.
function ew(
  out: Loc,
  shape: readonly number[],
  sub: number,
  reads: { off: number; strides: number[]; base: number }[],
) {
  const r = new Rec().set(0, OP.ew, sub, out.off, size(shape));
  const st = stridesOf(shape);
  let flat = 0;
  reads.forEach((x, j) => {
    if (x.base === 0 && x.strides.every((s, ax) => s === st[ax] || shape[ax] === 1)) flat |= 1 << j;
    r.set(11 + j, x.off + x.base);
    r.set(14 + 6 * j, ...pad6(x.strides, 0));
  });
  r.set(4, flat);
  r.set(5, ...pad6(shape, 1));
  return r.f;
}

type Enc = (n: IRNode, c: TableCtx) => Uint32Array[];

const bc = (c: TableCtx, id: number, shape: readonly number[]) => ({
  off: c.loc(id).off,
  strides: broadcastStrides(c.shape(id), shape),
  base: 0,
});
const unary: Enc = (n, c) => [ew(c.loc(n.id), n.shape, UNARY_CODES[n.prim]!, [bc(c, n.inputs[0], n.shape)])];
const binary: Enc = (n, c) => [
  ew(
    c.loc(n.id),
    n.shape,
    BINARY_CODES[n.prim]!,
    n.inputs.map((i) => bc(c, i, n.shape)),
  ),
];
const view: Enc = (n, c) => {
  const v = applyView(n, contiguous(n.inputs[0], c.shape(n.inputs[0])));
  return [
    ew(c.loc(n.id), n.shape, COPY, [{ off: c.loc(n.inputs[0]).off, strides: v.strides, base: v.base }]),
  ];
};

// Reduce record: 0 op, 1 sub (0 sum, 1 max), 2 out, 3 out n, 4 input, 5 reduce count,
// 6–11 kept shape, 12–17 kept strides, 18–23 reduced shape, 24–29 reduced strides.
function reduce(sub: number): Enc {
  return (n, c) => {
    const x = n.inputs[0];
    const inShape = c.shape(x);
    const st = stridesOf(inShape);
    const axes = new Set((n.attrs as PrimAttrs["sum"]).axes.map((a) => normAxis(a, inShape.length)));
    const kept = inShape.map((_, ax) => ax).filter((ax) => !axes.has(ax));
    const red = inShape.map((_, ax) => ax).filter((ax) => axes.has(ax));
    const r = new Rec().set(0, OP.reduce, sub, c.loc(n.id).off, size(n.shape), c.loc(x).off);
    r.set(
      5,
      red.reduce((p, ax) => p * inShape[ax], 1),
    );
    r.set(
      6,
      ...pad6(
        kept.map((ax) => inShape[ax]),
        1,
      ),
    );
    r.set(
      12,
      ...pad6(
        kept.map((ax) => st[ax]),
        0,
      ),
    );
    r.set(
      18,
      ...pad6(
        red.map((ax) => inShape[ax]),
        1,
      ),
    );
    r.set(
      24,
      ...pad6(
        red.map((ax) => st[ax]),
        0,
      ),
    );
    return [r.f];
  };
}

// Matmul record: 0 op, 2 out, 3 m, 4 n, 5 k, 6 batch count, 7 a, 8 b,
// 9–14 batch shape, 15–20 a's batch strides, 21–26 b's batch strides.
const matmul: Enc = (n, c) => {
  const [a, b] = n.inputs;
  const r = n.shape.length;
  const [m, nn] = [n.shape[r - 2], n.shape[r - 1]];
  const as = c.shape(a);
  const k = as[as.length - 1];
  const batchShape = n.shape.slice(0, -2);
  const bstr = (id: number) => {
    const s = c.shape(id);
    const lead = batchShape.length - (s.length - 2);
    const st = stridesOf(s);
    return batchShape.map((d, ax) => {
      const j = ax - lead;
      return j < 0 || (s[j] === 1 && d !== 1) ? 0 : st[j];
    });
  };
  const rec = new Rec().set(
    0,
    OP.matmul,
    0,
    c.loc(n.id).off,
    m,
    nn,
    k,
    size(batchShape),
    c.loc(a).off,
    c.loc(b).off,
  );
  rec.set(9, ...pad6(batchShape, 1));
  rec.set(15, ...pad6(bstr(a), 0));
  rec.set(21, ...pad6(bstr(b), 0));
  return [rec.f];
};

// Gather / scatter record: 0 op, 2 out, 3 n, 4 inner, 5 count, 6 len (gather) or size
// (scatter), 7 x or g, 8 idx.
const gather: Enc = (n, c) => {
  const [x, idx] = n.inputs;
  const xs = c.shape(x);
  const axis = normAxis((n.attrs as PrimAttrs["gather"]).axis, xs.length);
  return [
    new Rec().set(
      0,
      OP.gather,
      0,
      c.loc(n.id).off,
      size(n.shape),
      size(xs.slice(axis + 1)),
      size(c.shape(idx)),
      xs[axis],
      c.loc(x).off,
      c.loc(idx).off,
    ).f,
  ];
};
const scatter: Enc = (n, c) => {
  const [g, idx] = n.inputs;
  const a = n.attrs as PrimAttrs["scatter_add"];
  const is = c.shape(idx);
  return [
    new Rec().set(
      0,
      OP.scatter,
      0,
      c.loc(n.id).off,
      size(n.shape),
      size(c.shape(g).slice(a.axis + is.length)),
      size(is),
      a.size,
      c.loc(g).off,
      c.loc(idx).off,
    ).f,
  ];
};

// Pad record: 0 op, 2 out, 3 n, 4 input, 5 fill bits, 6–11 out shape, 12–17 input shape,
// 18–23 before, 24–29 input strides.
const pad: Enc = (n, c) => {
  const a = n.attrs as PrimAttrs["pad"];
  const inShape = c.shape(n.inputs[0]);
  const r = new Rec().set(
    0,
    OP.pad,
    0,
    c.loc(n.id).off,
    size(n.shape),
    c.loc(n.inputs[0]).off,
    f32bits(a.value),
  );
  r.set(6, ...pad6(n.shape, 1));
  r.set(12, ...pad6(inShape, 1));
  r.set(18, ...pad6(a.before, 0));
  r.set(24, ...pad6(stridesOf(inShape), 0));
  return [r.f];
};

// Concat piece: 0 op, 2 out, 3 count (outer·cols), 4 cols, 5 row, 6 start, 7 input.
const concat: Enc = (n, c) => {
  const axis = normAxis((n.attrs as PrimAttrs["concat"]).axis, n.shape.length);
  const outer = size(n.shape.slice(0, axis));
  const inner = size(n.shape.slice(axis + 1));
  let start = 0;
  return n.inputs.map((id) => {
    const cols = c.shape(id)[axis] * inner;
    const r = new Rec().set(
      0,
      OP.concat,
      0,
      c.loc(n.id).off,
      outer * cols,
      cols,
      n.shape[axis] * inner,
      start,
      c.loc(id).off,
    );
    start += cols;
    return r.f;
  });
};

// Random: 0 op, 1 dist (0 uniform, 1 normal), 2 out, 3 n, 4 key.
const random: Enc = (n, c) => {
  const a = n.attrs as PrimAttrs["random"];
  return [new Rec().set(0, OP.random, a.dist === "uniform" ? 0 : 1, c.loc(n.id).off, size(n.shape), a.key).f];
};

const none: Enc = () => [];

/** The primitives this path runs; anything else (unfold, fold) sends a program to the planner. */
export const tableOps: Partial<Record<Prim, Enc>> = {
  ...Object.fromEntries(Object.keys(UNARY_CODES).map((p) => [p, unary])),
  ...Object.fromEntries(Object.keys(BINARY_CODES).map((p) => [p, binary])),
  where: (n, c) => [
    ew(
      c.loc(n.id),
      n.shape,
      WHERE,
      n.inputs.map((i) => bc(c, i, n.shape)),
    ),
  ],
  random,
  transpose: view,
  broadcast: view,
  slice: view,
  stop_gradient: none,
  reshape: none,
  sum: reduce(0),
  reduce_max: reduce(1),
  pad,
  concat,
  gather,
  scatter_add: scatter,
  matmul,
  const: none,
  input: none,
  variable: none,
};

/** A heap-to-heap copy of `length` elements, as an elementwise record. */
export function copyRecord(dst: number, src: number, length: number): Uint32Array {
  return ew({ buf: "heap", off: dst }, [length], COPY, [{ off: src, strides: [1], base: 0 }]);
}
