import type { Tensor } from "../src/ir/builder";
import { lossBadWiring, lossInput, paramsParam, scalarLossShape } from "./lib/optimizer";
import { defineBlock } from "./types";

interface Params {
  lr: number;
  alpha: number;
  eps: number;
  weight_decay: number;
  momentum: number;
  centered: boolean;
  params: string[];
}

export const RMSprop = defineBlock<Params>({
  type: "RMSprop",
  category: "optimizers",
  doc: "g ← ∇ + λp;  s ← αs + (1−α)g²;  d ← √(s − centered·ḡ²) + ε;  b ← μb + g/d;  p ← p − lr·b",
  params: [
    { name: "lr", kind: "float", default: 0.01, min: 0, max: 1e3, log: true, doc: "learning rate" },
    {
      name: "alpha",
      kind: "float",
      default: 0.99,
      min: 0,
      max: 1,
      doc: "decay rate α of the running mean of g²",
    },
    { name: "eps", kind: "float", default: 1e-8, min: 0, max: 1, log: true, doc: "added to the denominator" },
    {
      name: "weight_decay",
      kind: "float",
      default: 0,
      min: 0,
      max: 1,
      doc: "L2 penalty λ added to the gradient",
    },
    { name: "momentum", kind: "float", default: 0, min: 0, max: 1, doc: "momentum factor μ" },
    {
      name: "centered",
      kind: "bool",
      default: false,
      doc: "divide by the running variance of g (s − ḡ²) instead of its second moment",
    },
    paramsParam,
  ],
  inputs: lossInput,
  outputs: [],
  shape: ({ inputs }) => scalarLossShape(inputs),
  lower: () => ({}),
  optimizer: {
    // momentum is fed at run time, so its buffer always exists; centered changes the program.
    slots: (p) => ["square_avg", "momentum_buffer", ...(p.centered ? ["grad_avg"] : [])],
    hyper: (p) => ({
      lr: p.lr,
      alpha: p.alpha,
      eps: p.eps,
      weight_decay: p.weight_decay,
      momentum: p.momentum,
    }),
    update({ b, params, param, grad, slots, hyper }) {
      // torch.optim.RMSprop in its order of operations.
      const { alpha } = hyper;
      const g = grad.add(param.mul(hyper.weight_decay));
      const s = slots.square_avg.mul(alpha).add(g.square().mul(b.scalar(1).sub(alpha)));
      const out: Record<string, Tensor> = { square_avg: s };
      let avg: Tensor;
      if (params.centered) {
        const ga = slots.grad_avg.mul(alpha).add(g.mul(b.scalar(1).sub(alpha)));
        out.grad_avg = ga;
        // s − ḡ² ≥ 0 in exact arithmetic (Cauchy–Schwarz on the same weights); the clamp only
        // turns a rounding-negative value, where PyTorch would give NaN, into 0.
        avg = s.sub(ga.square()).max(0).sqrt();
      } else {
        avg = s.sqrt();
      }
      avg = avg.add(hyper.eps);
      // PyTorch skips the buffer when momentum = 0; with μ = 0 the buffer is g/avg, the same step.
      const buf = slots.momentum_buffer.mul(hyper.momentum).add(g.div(avg));
      out.momentum_buffer = buf;
      return { param: param.sub(buf.mul(hyper.lr)), slots: out };
    },
  },
  examples: [
    { inputs: { loss: [] } },
    { params: { centered: true }, inputs: { loss: [] }, note: "centered" },
  ],
  badWiring: lossBadWiring<Params>(),
});
