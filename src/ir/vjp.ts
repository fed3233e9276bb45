import type { Tensor } from "./builder";
import { mapNumbers } from "./packed";
import type { Prim, PrimAttrs } from "./prims";
import type { Shape } from "./shape";

export interface VjpContext<P extends Prim> {
  /** The op's inputs and output as tensors of the same builder. */
  x: Tensor[];
  y: Tensor;
  /** The cotangent of y. */
  g: Tensor;
  attrs: PrimAttrs[P];
  /** need[i]: whether input i leads to anything differentiated; skip the work otherwise. */
  need: boolean[];
}

/** Cotangents for each input (null: zero or not needed). Written in primitives, so grad-of-grad works. */
type VjpRule<P extends Prim> = (c: VjpContext<P>) => (Tensor | null)[];

/** Sum a broadcast cotangent back to the shape of the operand that was broadcast. */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return g.sum(axes, false).reshape([...shape]);
}

const none = () => [];
const zero: VjpRule<Prim> = ({ x }) => x.map(() => null);

function ifNeed(need: boolean, f: () => Tensor): Tensor | null {
  return need ? f() : null;
}

/**
 * Reverse-mode rule of every primitive. Exhaustive by type: adding a primitive without a
 * rule is a compile error. The math of each rule sits beside it.
 */
export const vjpRules: { [P in Prim]: VjpRule<P> } = {
  neg: ({ g }) => [g.neg()], // d(-x) = -dx
  recip: ({ g, y }) => [g.neg().mul(y).mul(y)], // d(1/x) = -x^-2 dx
  exp: ({ g, y }) => [g.mul(y)], // d(e^x) = e^x dx
  log: ({ g, x }) => [g.div(x[0])], // d(log x) = dx / x
  sin: ({ g, x }) => [g.mul(x[0].cos())], // d(sin x) = cos x dx
  cos: ({ g, x }) => [g.mul(x[0].sin()).neg()], // d(cos x) = -sin x dx
  sqrt: ({ g, y }) => [g.div(y.mul(2))], // d(√x) = dx / (2√x)
  tanh: ({ g, y }) => [g.mul(y.square().neg().add(1))], // d(tanh x) = (1 - tanh² x) dx
  sigmoid: ({ g, y }) => [g.mul(y).mul(y.neg().add(1))], // dσ = σ(1-σ) dx
  abs: ({ g, x }) => [g.mul(x[0].sign())], // d|x| = sign(x) dx
  sign: zero, // piecewise constant
  floor: zero, // piecewise constant
  // d erf(x) = 2/√π · e^(-x²) dx
  erf: ({ g, x }) => [
    g.mul(
      x[0]
        .square()
        .neg()
        .exp()
        .mul(2 / Math.sqrt(Math.PI)),
    ),
  ],
  stop_gradient: zero,
  add: ({ g, x, need }) => [
    ifNeed(need[0], () => unbroadcast(g, x[0].shape)),
    ifNeed(need[1], () => unbroadcast(g, x[1].shape)),
  ],
  sub: ({ g, x, need }) => [
    ifNeed(need[0], () => unbroadcast(g, x[0].shape)),
    ifNeed(need[1], () => unbroadcast(g.neg(), x[1].shape)),
  ],
  // d(ab) = b da + a db
  mul: ({ g, x: [a, b], need }) => [
    ifNeed(need[0], () => unbroadcast(g.mul(b), a.shape)),
    ifNeed(need[1], () => unbroadcast(g.mul(a), b.shape)),
  ],
  // d(a/b) = da / b - (a/b) db / b
  div: ({ g, x: [a, b], y, need }) => [
    ifNeed(need[0], () => unbroadcast(g.div(b), a.shape)),
    ifNeed(need[1], () => unbroadcast(g.mul(y).div(b).neg(), b.shape)),
  ],
  // d(a^b) = b a^(b-1) da + a^b log(a) db; the db term is taken as 0 where a <= 0 (log undefined).
  pow: ({ g, x: [a, b], y, need }) => [
    ifNeed(need[0], () => unbroadcast(g.mul(b).mul(a.pow(b.sub(1))), a.shape)),
    ifNeed(need[1], () => {
      const b_ = a.b;
      const pos = b_.scalar(0).lt(a);
      const safeLog = b_.where(pos, a, 1).log();
      return unbroadcast(g.mul(y).mul(safeLog).mul(pos), b.shape);
    }),
  ],
  // d max(a,b): to the larger operand; ties split evenly (as torch.maximum does).
  max: ({ g, x: [a, b], need }) => {
    const share = b.lt(a).add(a.eq(b).mul(0.5));
    return [
      ifNeed(need[0], () => unbroadcast(g.mul(share), a.shape)),
      ifNeed(need[1], () => unbroadcast(g.mul(share.neg().add(1)), b.shape)),
    ];
  },
  min: ({ g, x: [a, b], need }) => {
    const share = a.lt(b).add(a.eq(b).mul(0.5));
    return [
      ifNeed(need[0], () => unbroadcast(g.mul(share), a.shape)),
      ifNeed(need[1], () => unbroadcast(g.mul(share.neg().add(1)), b.shape)),
    ];
  },
  lt: zero,
  eq: zero,
  // where(c, a, b): the cotangent goes to the branch that was taken.
  where: ({ g, x: [c, a, b], need }) => [
    null,
    ifNeed(need[1], () => unbroadcast(g.b.where(c, g, 0), a.shape)),
    ifNeed(need[2], () => unbroadcast(g.b.where(c, 0, g), b.shape)),
  ],
  // sum: copy the cotangent back over the reduced axes.
  sum: ({ g, x: [x], attrs }) => [restoreReduced(g, x.shape, attrs.axes).broadcastTo(x.shape)],
  // max-reduce: to the arg-max positions, ties sharing evenly.
  reduce_max: ({ g, x: [x], y, attrs }) => {
    const mask = x.eq(restoreReduced(y, x.shape, attrs.axes));
    const count = mask.sum(attrs.axes, true);
    return [mask.div(count).mul(restoreReduced(g, x.shape, attrs.axes))];
  },
  reshape: ({ g, x: [x] }) => [g.reshape([...x.shape])],
  transpose: ({ g, attrs }) => {
    // Axis i of the gradient comes from where i went (filled in order: a list written out
    // of order would be holey, packed.ts).
    const inv = mapNumbers(attrs.perm, (_, i) => attrs.perm.indexOf(i));
    return [g.transpose(inv)];
  },
  broadcast: ({ g, x: [x] }) => [unbroadcast(g, x.shape)],
  slice: ({ g, x: [x], attrs }) => [
    g.b.emit("pad", [g], {
      before: attrs.starts,
      after: mapNumbers(attrs.ends, (e, i) => x.shape[i] - e),
      value: 0,
    }),
  ],
  pad: ({ g, x: [x], attrs }) => [
    g.b.emit("slice", [g], {
      starts: attrs.before,
      ends: mapNumbers(attrs.before, (s, i) => s + x.shape[i]),
    }),
  ],
  concat: ({ g, x, attrs, need }) => {
    let at = 0;
    return x.map((xi, i) => {
      const start = at;
      at += xi.shape[attrs.axis];
      return need[i] ? g.sliceAxis(attrs.axis, start, at) : null;
    });
  },
  // gather and scatter_add are each other's adjoints.
  gather: ({ g, x: [x, idx], attrs }) => [
    g.b.emit("scatter_add", [g, idx], { axis: attrs.axis, size: x.shape[attrs.axis] }),
    null,
  ],
  scatter_add: ({ g, x: [, idx], attrs }) => [g.gather(idx, attrs.axis), null],
  // d(AB) = dA B + A dB  →  Ā = G Bᵀ, B̄ = Aᵀ G
  matmul: ({ g, x: [a, b], need }) => [
    ifNeed(need[0], () => unbroadcast(g.matmul(b.T), a.shape)),
    ifNeed(need[1], () => unbroadcast(a.T.matmul(g), b.shape)),
  ],
  // unfold (im2col) and fold (col2im) are linear and each other's adjoints.
  unfold: ({ g, x: [x], attrs }) => {
    const { padValue: _, ...w } = attrs;
    return [g.b.emit("fold", [g], { ...w, height: x.shape[2], width: x.shape[3] })];
  },
  fold: ({ g, attrs }) => {
    const { height: _h, width: _w, ...w } = attrs;
    return [g.unfold(w, 0)];
  },
  const: none,
  input: none,
  variable: none,
  random: none,
};

/** Reinsert reduced axes as size 1 so a reduced tensor broadcasts against its input. */
function restoreReduced(t: Tensor, inShape: Shape, axes: number[]): Tensor {
  if (t.rank === inShape.length) return t;
  const ax = new Set(axes);
  return t.reshape(mapNumbers(inShape, (d, i) => (ax.has(i) ? 1 : d)));
}
