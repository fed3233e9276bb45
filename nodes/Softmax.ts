import { requireRank } from "../src/graph/symbolic";
import { normDim } from "./lib/dims";
import { defineBlock } from "./types";

interface Params {
  dim: number;
}

export const Softmax = defineBlock<Params>({
  type: "Softmax",
  category: "activations",
  doc: "Softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ) along dim",
  params: [
    { name: "dim", kind: "int", default: -1, min: -6, max: 5, doc: "dim the probabilities sum to 1 over" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const x = requireRank(inputs, "in", [1, 2, 3, 4, 5, 6], "a tensor of rank ≥ 1");
    normDim(params.dim, x);
    return { out: x };
  },
  lower: ({ params, inputs }) => ({ out: inputs.in!.softmax(params.dim) }),
  examples: [
    { inputs: { in: [3, 4] } },
    { params: { dim: 1 }, inputs: { in: [2, 3, 2, 2] }, note: "over the channels of an image" },
    { params: { dim: 0 }, inputs: { in: [4, 3] }, note: "over the batch" },
    {
      inputs: { in: [5] },
      domains: { in: { kind: "normal", scale: 30 } },
      note: "large logits, no overflow",
    },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    {
      params: { dim: 2 },
      inputs: { in: ["B", 10] },
      port: "in",
      message: /dim 2 is out of range for input \[B, 10\]/,
    },
    { inputs: { in: [] }, port: "in", message: /expected a tensor of rank ≥ 1, got \[\]/ },
  ],
});
