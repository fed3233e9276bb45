import { A } from "../proto";
import { type Emitter, emitter } from "./types";
import { axis } from "./util";

// Maths: ONNX's elementwise operators broadcast as numpy and torch do, and its MatMul is
// numpy's matmul, which is torch.matmul (vectors promoted and the added dim dropped).

function binary(op: string): Emitter {
  return emitter((c) => {
    c.op1(op, [c.inputs.a, c.inputs.b], {}, c.out("out"));
  });
}

function unary(op: string): Emitter {
  return emitter((c) => {
    c.op1(op, [c.inputs.in], {}, c.out("out"));
  });
}

interface ReduceParams {
  dim: number[];
  keepdim: boolean;
}

/** The axes torch.sum(x, dim) reduces: [] means every one. */
function reduceAxes(dims: number[], rank: number): number[] {
  if (dims.length === 0) return Array.from({ length: rank }, (_, i) => i);
  return dims.map((d) => axis(d, rank)).sort((p, q) => p - q);
}

export const mathEmitters: Record<string, Emitter> = {
  Add: binary("Add"),
  Sub: binary("Sub"),
  Mul: binary("Mul"),
  Div: binary("Div"),
  Pow: binary("Pow"),
  MatMul: binary("MatMul"),
  Exp: unary("Exp"),
  Log: unary("Log"),
  Sin: unary("Sin"),
  Cos: unary("Cos"),
  Sqrt: unary("Sqrt"),
  Abs: unary("Abs"),
  // Detach only matters to gradients; inference sees the identity.
  Detach: unary("Identity"),
  Square: emitter((c) => {
    c.op1("Mul", [c.inputs.in, c.inputs.in], {}, c.out("out"));
  }),
  // Opset 17: ReduceSum takes its axes as an input, ReduceMean still as an attribute.
  Sum: emitter<ReduceParams>((c) => {
    const rank = c.inShapes.in.length;
    if (rank === 0) return void c.op1("Identity", [c.inputs.in], {}, c.out("out"));
    const axes = c.constI64(reduceAxes(c.params.dim, rank));
    c.op1("ReduceSum", [c.inputs.in, axes], { keepdims: A.i(c.params.keepdim) }, c.out("out"));
  }),
  Mean: emitter<ReduceParams>((c) => {
    const rank = c.inShapes.in.length;
    if (rank === 0) return void c.op1("Identity", [c.inputs.in], {}, c.out("out"));
    const attrs = { axes: A.ints(reduceAxes(c.params.dim, rank)), keepdims: A.i(c.params.keepdim) };
    c.op1("ReduceMean", [c.inputs.in], attrs, c.out("out"));
  }),
  Concat: emitter<{ dim: number }>((c) => {
    // ONNX counts a negative axis from the end, as torch.cat does.
    c.op1("Concat", [c.inputs.a, c.inputs.b], { axis: A.i(c.params.dim) }, c.out("out"));
  }),
  Transpose: emitter<{ dim0: number; dim1: number }>((c) => {
    const rank = c.inShapes.in.length;
    const perm = Array.from({ length: rank }, (_, k) => k);
    const [i, j] = [axis(c.params.dim0, rank), axis(c.params.dim1, rank)];
    [perm[i], perm[j]] = [j, i];
    c.op1("Transpose", [c.inputs.in], { perm: A.ints(perm) }, c.out("out"));
  }),
};
