import { mapNumbers } from "./packed";
import type { Prim, PrimAttrs, WindowAttrs } from "./prims";

export type Shape = readonly number[];

export class IRShapeError extends Error {
  override name = "IRShapeError";
}

export function size(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function shapeEq(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function fmt(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** Whether perm holds each of 0 … length−1 once (ranks are small: no allocation, no sort). */
function isPermutation(perm: readonly number[]): boolean {
  for (let i = 0; i < perm.length; i++) {
    if (!Number.isInteger(perm[i]) || perm[i] < 0 || perm[i] >= perm.length) return false;
    for (let j = 0; j < i; j++) if (perm[j] === perm[i]) return false;
  }
  return true;
}

/** NumPy/PyTorch broadcasting: align right, a 1 stretches. */
export function broadcastShapes(...shapes: Shape[]): number[] {
  let rank = 0;
  for (const s of shapes) if (s.length > rank) rank = s.length;
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const k = s.length - rank + i;
      const e = k < 0 ? 1 : s[k];
      if (e === 1) continue;
      if (d !== 1 && d !== e) {
        throw new IRShapeError(`cannot broadcast shapes ${shapes.map(fmt).join(" and ")}`);
      }
      d = e;
    }
    out.push(d);
  }
  return out;
}

export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new IRShapeError(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

function reduceShape(x: Shape, axes: number[], keepdims: boolean): number[] {
  const ax = new Set(axes.map((a) => normAxis(a, x.length)));
  const out: number[] = [];
  x.forEach((d, i) => {
    if (!ax.has(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

/** Output size of a sliding window, as in PyTorch's Conv2d docs. */
export function windowOut(n: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
}

function unfoldShape(x: Shape, a: WindowAttrs): number[] {
  if (x.length !== 4) throw new IRShapeError(`unfold expects [N,C,H,W], got ${fmt(x)}`);
  const [n, c, h, w] = x;
  const ho = windowOut(h, a.kh, a.sh, a.ph, a.dh);
  const wo = windowOut(w, a.kw, a.sw, a.pw, a.dw);
  if (ho < 1 || wo < 1) {
    throw new IRShapeError(
      `window ${a.kh}x${a.kw} does not fit input ${h}x${w} with padding ${a.ph},${a.pw}`,
    );
  }
  return [n, c, a.kh, a.kw, ho, wo];
}

type ShapeRule<P extends Prim> = (inputs: Shape[], attrs: PrimAttrs[P]) => number[];

const unary: ShapeRule<Prim> = ([x]) => [...x];
const binary: ShapeRule<Prim> = ([a, b]) => broadcastShapes(a, b);

/** Output shape of every primitive. Exhaustive: a primitive without a rule does not compile. */
export const shapeRules: { [P in Prim]: ShapeRule<P> } = {
  neg: unary,
  recip: unary,
  exp: unary,
  log: unary,
  sin: unary,
  cos: unary,
  sqrt: unary,
  tanh: unary,
  sigmoid: unary,
  abs: unary,
  sign: unary,
  floor: unary,
  erf: unary,
  stop_gradient: unary,
  add: binary,
  sub: binary,
  mul: binary,
  div: binary,
  pow: binary,
  max: binary,
  min: binary,
  lt: binary,
  eq: binary,
  where: ([c, a, b]) => broadcastShapes(c, a, b),
  sum: ([x], a) => reduceShape(x, a.axes, a.keepdims),
  reduce_max: ([x], a) => reduceShape(x, a.axes, a.keepdims),
  reshape: ([x], a) => {
    if (size(x) !== size(a.shape)) throw new IRShapeError(`cannot reshape ${fmt(x)} to ${fmt(a.shape)}`);
    return [...a.shape];
  },
  transpose: ([x], a) => {
    if (a.perm.length !== x.length || !isPermutation(a.perm)) {
      throw new IRShapeError(`bad permutation ${fmt(a.perm)} for ${fmt(x)}`);
    }
    return mapNumbers(a.perm, (p) => x[p]);
  },
  broadcast: ([x], a) => {
    const out = broadcastShapes(x, a.shape);
    if (!shapeEq(out, a.shape)) throw new IRShapeError(`cannot broadcast ${fmt(x)} to ${fmt(a.shape)}`);
    return out;
  },
  slice: ([x], a) =>
    mapNumbers(x, (d, i) => {
      const s = a.starts[i];
      const e = a.ends[i];
      if (!(s >= 0 && e <= d && s < e)) throw new IRShapeError(`slice ${s}:${e} out of range for dim ${d}`);
      return e - s;
    }),
  pad: ([x], a) => mapNumbers(x, (d, i) => d + a.before[i] + a.after[i]),
  concat: (xs, a) => {
    const ax = normAxis(a.axis, xs[0].length);
    const out = [...xs[0]];
    out[ax] = 0;
    for (const x of xs) {
      if (x.length !== out.length || x.some((d, i) => i !== ax && d !== out[i])) {
        throw new IRShapeError(`concat along ${ax}: shapes ${xs.map(fmt).join(", ")} do not match`);
      }
      out[ax] += x[ax];
    }
    return out;
  },
  gather: ([x, idx], a) => {
    const ax = normAxis(a.axis, x.length);
    return [...x.slice(0, ax), ...idx, ...x.slice(ax + 1)];
  },
  scatter_add: ([g, idx], a) => {
    const ax = a.axis;
    return [...g.slice(0, ax), a.size, ...g.slice(ax + idx.length)];
  },
  matmul: ([a, b]) => {
    if (a.length < 2 || b.length < 2)
      throw new IRShapeError(`matmul needs rank >= 2, got ${fmt(a)} @ ${fmt(b)}`);
    const m = a[a.length - 2];
    const k = a[a.length - 1];
    const k2 = b[b.length - 2];
    const n = b[b.length - 1];
    if (k !== k2) throw new IRShapeError(`matmul inner sizes differ: ${fmt(a)} @ ${fmt(b)}`);
    return [...broadcastShapes(a.slice(0, -2), b.slice(0, -2)), m, n];
  },
  unfold: ([x], a) => unfoldShape(x, a),
  fold: ([cols], a) => {
    const [n, c] = cols;
    const expect = unfoldShape([n, c, a.height, a.width], a);
    if (!shapeEq(cols, expect)) throw new IRShapeError(`fold expects ${fmt(expect)}, got ${fmt(cols)}`);
    return [n, c, a.height, a.width];
  },
  const: (_, a) => {
    if (a.data.length !== 1 && a.data.length !== size(a.shape)) {
      throw new IRShapeError(`constant of shape ${fmt(a.shape)} has ${a.data.length} values`);
    }
    return [...a.shape];
  },
  input: (_, a) => [...a.shape],
  variable: (_, a) => [...a.shape],
  random: (_, a) => [...a.shape],
};

export function inferPrimShape<P extends Prim>(prim: P, inputs: Shape[], attrs: PrimAttrs[P]): number[] {
  return (shapeRules[prim] as ShapeRule<P>)(inputs, attrs);
}

/** Row-major strides: the layout every backend uses. */
export function stridesOf(shape: Shape): number[] {
  // Packed (packed.ts): grown to length with push, then filled from the last axis.
  const s: number[] = [];
  for (let i = 0; i < shape.length; i++) s.push(0);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Strides of `inShape` read as if broadcast to `outShape` (0 on stretched axes). */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  return broadcastStridesFrom(inShape, stridesOf(inShape), outShape);
}

/** Strides of a value of `inShape` laid out at `inStrides`, read as if broadcast to `outShape`. */
export function broadcastStridesFrom(
  inShape: Shape,
  inStrides: readonly number[],
  outShape: Shape,
): number[] {
  const lead = outShape.length - inShape.length;
  return mapNumbers(outShape, (d, i) => {
    const k = i - lead;
    if (k < 0) return 0;
    return inShape[k] === 1 && d !== 1 ? 0 : inStrides[k];
  });
}
