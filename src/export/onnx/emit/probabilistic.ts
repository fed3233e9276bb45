import { A, DT } from "../proto";
import { type Emitter, emitter } from "./types";
import { axis } from "./util";

// Samplers. wiregrad draws its noise from a seeded counter-based generator that no ONNX
// runtime reproduces, and a deployed model wants a deterministic answer, so each sampler
// exports its noise-free value and says so in the export's notes.

export const probabilisticEmitters: Record<string, Emitter> = {
  NormalSample: emitter((c) => {
    c.note("exported as its mean mu: the sampling noise exp(logvar/2)·ε is left out of the inference graph");
    const mu = c.inputs.mu;
    const same = JSON.stringify(c.inShapes.mu) === JSON.stringify(c.outShapes.out);
    // mu + 0·… would not broadcast an infinite logvar cleanly; Expand takes mu to the
    // broadcast shape of (mu, logvar) exactly.
    if (same) c.op1("Identity", [mu], {}, c.out("out"));
    else c.op1("Expand", [mu, c.op1("Shape", [c.inputs.logvar])], {}, c.out("out"));
  }),
  GumbelSoftmax: emitter<{ tau: number; hard: boolean; dim: number }>((c) => {
    const d = axis(c.params.dim, c.inShapes.in.length);
    c.note(
      c.params.hard
        ? "exported without the Gumbel noise: the one-hot of the largest logit"
        : `exported without the Gumbel noise: softmax(logits / ${c.params.tau})`,
    );
    const scaled = c.op1("Div", [c.inputs.in, c.constF(c.params.tau)]);
    if (!c.params.hard) return void c.op1("Softmax", [scaled], { axis: A.i(d) }, c.out("out"));
    // As wiregrad's hard forward: 1 where the soft value equals its maximum along dim.
    const y = c.op1("Softmax", [scaled], { axis: A.i(d) });
    const top = c.op1("ReduceMax", [y], { axes: A.ints([d]), keepdims: A.i(1) });
    c.op1("Cast", [c.op1("Equal", [y, top])], { to: A.i(DT.FLOAT) }, c.out("out"));
  }),
  // The straight-through estimator only changes the gradient: the forward is f(x).
  StraightThrough: emitter<{ fn: string }>((c) => {
    if (c.params.fn === "sign") return void c.op1("Sign", [c.inputs.in], {}, c.out("out"));
    // ⌊x + 0.5⌋, not ONNX's Round, which rounds halves to even.
    c.op1("Floor", [c.op1("Add", [c.inputs.in, c.constF(0.5)])], {}, c.out("out"));
  }),
};
