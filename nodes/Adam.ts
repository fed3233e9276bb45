import { lossBadWiring, lossInput, paramsParam, scalarLossShape } from "./lib/optimizer";
import { defineBlock } from "./types";

interface Params {
  lr: number;
  betas: number[];
  eps: number;
  weight_decay: number;
  params: string[];
}

export const Adam = defineBlock<Params>({
  type: "Adam",
  category: "optimizers",
  doc: "g ← ∇ + λp;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  p ← p − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)",
  params: [
    { name: "lr", kind: "float", default: 0.001, min: 0, max: 1e3, log: true, doc: "learning rate" },
    {
      name: "betas",
      kind: "floats",
      default: [0.9, 0.999],
      length: 2,
      doc: "decay rates (β₁, β₂) of the running means of the gradient and its square",
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
    paramsParam,
  ],
  inputs: lossInput,
  outputs: [],
  shape: ({ inputs }) => scalarLossShape(inputs),
  lower: () => ({}),
  optimizer: {
    slots: () => ["exp_avg", "exp_avg_sq"],
    hyper: (p) => ({
      lr: p.lr,
      beta1: p.betas[0],
      beta2: p.betas[1],
      eps: p.eps,
      weight_decay: p.weight_decay,
    }),
    update({ b, param, grad, slots, hyper, step }) {
      // torch.optim.Adam (amsgrad=False), in its order of operations. Zero slots at step 1
      // are what PyTorch's freshly created state holds.
      const { beta1, beta2 } = hyper;
      const g = grad.add(param.mul(hyper.weight_decay));
      const m = slots.exp_avg.mul(beta1).add(g.mul(b.scalar(1).sub(beta1)));
      const v = slots.exp_avg_sq.mul(beta2).add(g.square().mul(b.scalar(1).sub(beta2)));
      const bc1 = b.scalar(1).sub(beta1.pow(step));
      const bc2 = b.scalar(1).sub(beta2.pow(step));
      const denom = v.sqrt().div(bc2.sqrt()).add(hyper.eps);
      const stepSize = hyper.lr.div(bc1);
      return { param: param.sub(m.div(denom).mul(stepSize)), slots: { exp_avg: m, exp_avg_sq: v } };
    },
  },
  examples: [{ inputs: { loss: [] } }],
  badWiring: lossBadWiring<Params>(),
});
