import { PortShapeError, requireRank } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  lr: number;
  momentum: number;
  nesterov: boolean;
  weight_decay: number;
  params: string[];
}

export const SGD = defineBlock<Params>({
  type: "SGD",
  category: "optimizers",
  doc: "g ← ∇ + λp;  v ← μv + g;  p ← p − lr·(nesterov ? g + μv : v)",
  params: [
    { name: "lr", kind: "float", default: 0.1, min: 0, max: 1e3, log: true, doc: "learning rate" },
    { name: "momentum", kind: "float", default: 0, min: 0, max: 1, doc: "momentum factor μ" },
    { name: "nesterov", kind: "bool", default: false, doc: "Nesterov momentum" },
    {
      name: "weight_decay",
      kind: "float",
      default: 0,
      min: 0,
      max: 1,
      doc: "L2 penalty λ added to the gradient",
    },
    {
      name: "params",
      kind: "nodes",
      default: [],
      doc: "blocks whose parameters it updates (empty: all upstream of the loss)",
    },
  ],
  inputs: [{ name: "loss", doc: "the scalar to minimise" }],
  outputs: [],
  shape({ inputs }) {
    const l = requireRank(inputs, "loss", [0, 1, 2], "a scalar loss");
    if (l.some((d) => d !== 1)) throw new PortShapeError("loss", "the loss must be a scalar", "[]", l);
    return {};
  },
  lower: () => ({}),
  optimizer: {
    slots: () => ["momentum_buffer"],
    hyper: (p) => ({ lr: p.lr, momentum: p.momentum, weight_decay: p.weight_decay }),
    update({ params, param, grad, slots, hyper }) {
      // Same order of operations as torch.optim.SGD (dampening 0): a zero buffer makes the
      // first step's v = g, which is what PyTorch's lazily created buffer holds.
      const g = grad.add(param.mul(hyper.weight_decay));
      const v = slots.momentum_buffer.mul(hyper.momentum).add(g);
      const dir = params.nesterov ? g.add(v.mul(hyper.momentum)) : v;
      return { param: param.sub(dir.mul(hyper.lr)), slots: { momentum_buffer: v } };
    },
  },
  examples: [{ inputs: { loss: [] } }],
  badWiring: [{ inputs: { loss: ["B", 3] }, port: "loss", message: /scalar/ }],
});
