import { requireRank } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  p: number;
}

export const Dropout = defineBlock<Params>({
  type: "Dropout",
  category: "layers",
  doc: "train: y = x·m/(1−p) with m ~ Bernoulli(1−p); eval: y = x",
  params: [
    { name: "p", kind: "float", default: 0.5, min: 0, max: 1, doc: "probability of zeroing an element" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: requireRank(inputs, "in", [0, 1, 2, 3, 4, 5, 6], "a tensor") }),
  lower({ b, params, inputs, mode }) {
    const x = inputs.in!;
    if (mode === "eval" || params.p === 0) return { out: x };
    // p = 1 drops everything; PyTorch returns zeros rather than dividing by 0.
    if (params.p === 1) return { out: x.mul(0) };
    // keep where u < 1−p, u uniform in [0, 1): probability 1−p. The mask is a fresh draw
    // each step (random depends on the step) and has no gradient, so dy/dx = m/(1−p).
    const keep = b.random([...x.shape], "uniform").lt(1 - params.p);
    return { out: x.mul(keep.mul(1 / (1 - params.p))) };
  },
  examples: [
    { inputs: { in: [4, 5] } },
    { params: { p: 0.2 }, inputs: { in: [2, 3, 4] }, note: "rank 3, p = 0.2" },
    { params: { p: 1 }, inputs: { in: [3] }, note: "p = 1 drops all" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
