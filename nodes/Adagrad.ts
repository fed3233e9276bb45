import { lossBadWiring, lossInput, paramsParam, scalarLossShape } from "./lib/optimizer";
import { defineBlock } from "./types";

interface Params {
  lr: number;
  lr_decay: number;
  weight_decay: number;
  initial_accumulator_value: number;
  eps: number;
  params: string[];
}

export const Adagrad = defineBlock<Params>({
  type: "Adagrad",
  category: "optimizers",
  doc: "g ← ∇ + λp;  s ← s + g²;  p ← p − lr/(1 + (t−1)·lr_decay) · g/(√s + ε)",
  params: [
    { name: "lr", kind: "float", default: 0.01, min: 0, max: 1e3, log: true, doc: "learning rate" },
    {
      name: "lr_decay",
      kind: "float",
      default: 0,
      min: 0,
      max: 1,
      doc: "lr at step t is lr/(1 + (t−1)·lr_decay)",
    },
    {
      name: "weight_decay",
      kind: "float",
      default: 0,
      min: 0,
      max: 1,
      doc: "L2 penalty λ added to the gradient",
    },
    {
      name: "initial_accumulator_value",
      kind: "float",
      default: 0,
      min: 0,
      max: 1e3,
      doc: "starting value of the sum of squared gradients",
    },
    {
      name: "eps",
      kind: "float",
      default: 1e-10,
      min: 0,
      max: 1,
      log: true,
      doc: "added to the denominator",
    },
    paramsParam,
  ],
  inputs: lossInput,
  outputs: [],
  shape: ({ inputs }) => scalarLossShape(inputs),
  lower: () => ({}),
  optimizer: {
    slots: () => ["sum"],
    hyper: (p) => ({
      lr: p.lr,
      lr_decay: p.lr_decay,
      weight_decay: p.weight_decay,
      initial_accumulator_value: p.initial_accumulator_value,
      eps: p.eps,
    }),
    update({ param, grad, slots, hyper, step }) {
      // torch.optim.Adagrad in its order of operations. Slots start at zero, while PyTorch
      // starts `sum` at initial_accumulator_value: so our slot holds Σg² (PyTorch's sum
      // minus that value) and the value is added where the sum is read. Unlike gating it on
      // step 1, this stays right when slots are carried over into a run whose step restarts.
      const g = grad.add(param.mul(hyper.weight_decay));
      const sum = slots.sum.add(g.square());
      const clr = hyper.lr.div(step.sub(1).mul(hyper.lr_decay).add(1));
      const std = sum.add(hyper.initial_accumulator_value).sqrt().add(hyper.eps);
      return { param: param.sub(g.div(std).mul(clr)), slots: { sum } };
    },
  },
  examples: [{ inputs: { loss: [] } }],
  badWiring: lossBadWiring<Params>(),
});
