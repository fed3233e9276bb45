import { mapNumbers, mapPacked, numbersOf, packed } from "./packed";
import {
  type BinaryPrim,
  type IRNode,
  irNode,
  type Prim,
  type PrimAttrs,
  type UnaryPrim,
  type WindowAttrs,
} from "./prims";
import { IRShapeError, inferPrimShape, normAxis, type Shape, size } from "./shape";

type Operand = Tensor | number;

/**
 * Builds an IR program in SSA form. Blocks lower through it, the autodiff transform
 * appends to it, so grad-of-grad is just another call on the same builder.
 */
export class IRBuilder {
  readonly nodes: IRNode[] = [];
  private nextRandomKey = 1;

  emit<P extends Prim>(prim: P, inputs: Tensor[], attrs: PrimAttrs[P]): Tensor {
    // Both packed whatever the rules return (packed.ts).
    const shape = packed(
      inferPrimShape(
        prim,
        mapPacked(inputs, (t) => t.shape),
        attrs,
      ),
    );
    const id = this.nodes.length;
    this.nodes.push(
      irNode(
        id,
        prim,
        numbersOf(inputs, (t) => t.id),
        attrs,
        shape,
      ) as IRNode,
    );
    return new Tensor(this, id, shape);
  }

  tensor(id: number): Tensor {
    const n = this.nodes[id];
    return new Tensor(this, id, n.shape);
  }

  node(t: Tensor | number): IRNode {
    return this.nodes[typeof t === "number" ? t : t.id];
  }

  // ---- sources
  constant(data: number[] | Float64Array | Float32Array, shape: number[]): Tensor {
    return this.emit("const", [], { shape, data });
  }
  scalar(v: number): Tensor {
    return this.emit("const", [], { shape: [], data: [v] });
  }
  full(shape: number[], v: number): Tensor {
    return this.emit("const", [], { shape, data: [v] });
  }
  zeros(shape: number[]): Tensor {
    return this.full(shape, 0);
  }
  input(name: string, shape: number[]): Tensor {
    return this.emit("input", [], { name, shape });
  }
  variable(name: string, shape: number[]): Tensor {
    return this.emit("variable", [], { name, shape });
  }
  random(shape: number[], dist: "uniform" | "normal"): Tensor {
    return this.emit("random", [], { shape, dist, key: this.nextRandomKey++ });
  }

  lift(v: Operand): Tensor {
    return typeof v === "number" ? this.scalar(v) : v;
  }

  where(c: Tensor, a: Operand, b: Operand): Tensor {
    return this.emit("where", [c, this.lift(a), this.lift(b)], {});
  }

  concat(xs: Tensor[], axis: number): Tensor {
    if (xs.length === 1) return xs[0];
    return this.emit("concat", xs, { axis: normAxis(axis, xs[0].shape.length) });
  }
}

/** A handle on one IR value, with the operations blocks write in. */
export class Tensor {
  constructor(
    readonly b: IRBuilder,
    readonly id: number,
    readonly shape: Shape,
  ) {}

  get rank(): number {
    return this.shape.length;
  }
  get size(): number {
    return size(this.shape);
  }

  private un(p: UnaryPrim): Tensor {
    return this.b.emit(p, [this], {});
  }
  private bin(p: BinaryPrim, o: Operand): Tensor {
    return this.b.emit(p, [this, this.b.lift(o)], {});
  }

  // Prototype methods, not arrow properties: a program makes thousands of tensors, and
  // ~25 closures each were most of lowering's allocation.
  neg(): Tensor {
    return this.un("neg");
  }
  recip(): Tensor {
    return this.un("recip");
  }
  exp(): Tensor {
    return this.un("exp");
  }
  log(): Tensor {
    return this.un("log");
  }
  sin(): Tensor {
    return this.un("sin");
  }
  cos(): Tensor {
    return this.un("cos");
  }
  sqrt(): Tensor {
    return this.un("sqrt");
  }
  tanh(): Tensor {
    return this.un("tanh");
  }
  sigmoid(): Tensor {
    return this.un("sigmoid");
  }
  abs(): Tensor {
    return this.un("abs");
  }
  sign(): Tensor {
    return this.un("sign");
  }
  floor(): Tensor {
    return this.un("floor");
  }
  erf(): Tensor {
    return this.un("erf");
  }
  stopGradient(): Tensor {
    return this.b.emit("stop_gradient", [this], {});
  }

  add(o: Operand): Tensor {
    return this.bin("add", o);
  }
  sub(o: Operand): Tensor {
    return this.bin("sub", o);
  }
  mul(o: Operand): Tensor {
    return this.bin("mul", o);
  }
  div(o: Operand): Tensor {
    return this.bin("div", o);
  }
  pow(o: Operand): Tensor {
    return this.bin("pow", o);
  }
  max(o: Operand): Tensor {
    return this.bin("max", o);
  }
  min(o: Operand): Tensor {
    return this.bin("min", o);
  }
  lt(o: Operand): Tensor {
    return this.bin("lt", o);
  }
  gt(o: Operand): Tensor {
    return this.b.lift(o).lt(this);
  }
  eq(o: Operand): Tensor {
    return this.bin("eq", o);
  }
  square(): Tensor {
    return this.mul(this);
  }
  relu(): Tensor {
    return this.max(0);
  }

  private axes(axes?: number | number[]): number[] {
    if (axes === undefined) return mapNumbers(this.shape, (_, i) => i);
    return mapNumbers(Array.isArray(axes) ? axes : [axes], (a) => normAxis(a, this.rank));
  }
  sum(axes?: number | number[], keepdims = false): Tensor {
    const ax = this.axes(axes);
    if (ax.length === 0) return this;
    return this.b.emit("sum", [this], { axes: ax, keepdims });
  }
  mean(axes?: number | number[], keepdims = false): Tensor {
    const ax = this.axes(axes);
    const n = ax.reduce((p, a) => p * this.shape[a], 1);
    return this.sum(ax, keepdims).div(n);
  }
  reduceMax(axes?: number | number[], keepdims = false): Tensor {
    const ax = this.axes(axes);
    if (ax.length === 0) return this;
    return this.b.emit("reduce_max", [this], { axes: ax, keepdims });
  }
  /** Population variance (divides by n), as batch and layer norm use. */
  variance(axes?: number | number[], keepdims = false): Tensor {
    const mu = this.mean(axes, true);
    return this.sub(mu).square().mean(axes, keepdims);
  }

  reshape(shape: number[]): Tensor {
    // Allow one -1, as in PyTorch.
    const known = shape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    const full = mapNumbers(shape, (d) => (d === -1 ? this.size / known : d));
    if (full.length === this.rank && full.every((d, i) => d === this.shape[i])) return this;
    return this.b.emit("reshape", [this], { shape: full });
  }
  transpose(perm: number[]): Tensor {
    if (perm.every((p, i) => p === i)) return this;
    return this.b.emit("transpose", [this], { perm });
  }
  /** Swap the last two axes. */
  get T(): Tensor {
    const perm = mapNumbers(this.shape, (_, i) => i);
    const r = this.rank;
    [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
    return this.transpose(perm);
  }
  broadcastTo(shape: Shape): Tensor {
    if (shape.length === this.rank && shape.every((d, i) => d === this.shape[i])) return this;
    return this.b.emit("broadcast", [this], { shape: [...shape] });
  }
  /** Slice along one axis, [start, end). */
  sliceAxis(axis: number, start: number, end: number): Tensor {
    const ax = normAxis(axis, this.rank);
    const starts = mapNumbers(this.shape, () => 0);
    const ends = [...this.shape];
    starts[ax] = start;
    ends[ax] = end;
    if (start === 0 && end === this.shape[ax]) return this;
    return this.b.emit("slice", [this], { starts, ends });
  }
  gather(idx: Tensor, axis: number): Tensor {
    return this.b.emit("gather", [this, idx], { axis: normAxis(axis, this.rank) });
  }
  matmul(o: Tensor): Tensor {
    if (this.rank < 2 || o.rank < 2) throw new IRShapeError("matmul needs rank >= 2");
    return this.b.emit("matmul", [this, o], {});
  }
  unfold(w: WindowAttrs, padValue = 0): Tensor {
    return this.b.emit("unfold", [this], { ...w, padValue });
  }

  // ---- composites used by many blocks
  logsumexp(axis: number, keepdims = false): Tensor {
    // Shift by the (constant) max for stability; the shift's gradient cancels exactly.
    const m = this.reduceMax(axis, true).stopGradient();
    const s = this.sub(m).exp().sum(axis, true).log().add(m);
    return keepdims ? s : s.reshape(this.shape.filter((_, i) => i !== normAxis(axis, this.rank)));
  }
  logSoftmax(axis: number): Tensor {
    return this.sub(this.logsumexp(axis, true));
  }
  softmax(axis: number): Tensor {
    const m = this.reduceMax(axis, true).stopGradient();
    const e = this.sub(m).exp();
    return e.div(e.sum(axis, true));
  }
}
