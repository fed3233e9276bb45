import { requireRank } from "../src/graph/symbolic";
import { defineBlock } from "./types";

export const ReLU = defineBlock<Record<string, never>>({
  type: "ReLU",
  category: "activations",
  doc: "ReLU(x) = max(0, x)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: requireRank(inputs, "in", [0, 1, 2, 3, 4, 5], "a tensor") }),
  lower: ({ inputs }) => ({ out: inputs.in!.relu() }),
  examples: [
    { inputs: { in: [3, 4] }, note: "random normals are never exactly 0, where ReLU has no derivative" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
