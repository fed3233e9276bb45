import { A } from "../proto";
import { type Emitter, emitter } from "./types";

// Activations: ONNX operators where opset 17 has them with PyTorch's definition; GELU
// (an operator only from opset 20) and Softplus's β and threshold are composed.

/** One ONNX operator applied to `in`. */
function unary(op: string): Emitter {
  return emitter((c) => {
    c.op1(op, [c.inputs.in], {}, c.out("out"));
  });
}

/** Softmax and LogSoftmax: since opset 13 both normalise along one axis, as torch does (negative counts from the end). */
function alongDim(op: string): Emitter {
  return emitter<{ dim: number }>((c) => {
    c.op1(op, [c.inputs.in], { axis: A.i(c.params.dim) }, c.out("out"));
  });
}

export const activationEmitters: Record<string, Emitter> = {
  ReLU: unary("Relu"),
  Sigmoid: unary("Sigmoid"),
  Tanh: unary("Tanh"),
  // ONNX's LeakyRelu is x for x ≥ 0 and α·x below: at 0 both give 0, as wiregrad's x > 0 test.
  LeakyReLU: emitter<{ negative_slope: number }>((c) => {
    c.op1("LeakyRelu", [c.inputs.in], { alpha: A.f(c.params.negative_slope) }, c.out("out"));
  }),
  ELU: emitter<{ alpha: number }>((c) => {
    c.op1("Elu", [c.inputs.in], { alpha: A.f(c.params.alpha) }, c.out("out"));
  }),
  Softmax: alongDim("Softmax"),
  LogSoftmax: alongDim("LogSoftmax"),
  GELU: emitter<{ approximate: string }>((c) => {
    const x = c.inputs.in;
    let inner: string;
    if (c.params.approximate === "tanh") {
      // tanh(√(2/π)·(x + 0.044715·x³))
      const cube = c.op1("Mul", [c.op1("Mul", [x, x]), x]);
      const poly = c.op1("Add", [x, c.op1("Mul", [cube, c.constF(0.044715)])]);
      inner = c.op1("Tanh", [c.op1("Mul", [poly, c.constF(Math.sqrt(2 / Math.PI))])]);
    } else {
      inner = c.op1("Erf", [c.op1("Mul", [x, c.constF(Math.SQRT1_2)])]);
    }
    const half = c.op1("Mul", [x, c.constF(0.5)]);
    c.op1("Mul", [half, c.op1("Add", [inner, c.constF(1)])], {}, c.out("out"));
  }),
  // ONNX's Softplus is log(1 + eˣ) with no β or threshold: those are composed around it.
  Softplus: emitter<{ beta: number; threshold: number }>((c) => {
    const x = c.inputs.in;
    const { beta, threshold } = c.params;
    const z = beta === 1 ? x : c.op1("Mul", [x, c.constF(beta)]);
    const sp = c.op1("Softplus", [z]);
    const soft = beta === 1 ? sp : c.op1("Div", [sp, c.constF(beta)]);
    const linear = c.op1("Greater", [z, c.constF(threshold)]);
    c.op1("Where", [linear, x, soft], {}, c.out("out"));
  }),
};
