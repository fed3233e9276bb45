import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Abs = defineBlock<Record<string, never>>({
  type: "Abs",
  category: "math",
  doc: "out = |x| (torch.abs)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.abs() }),
  examples: [
    // Random normals are never exactly 0, where |x| has no derivative.
    { inputs: { in: [3, 4] } },
    { inputs: { in: [] }, note: "scalar" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
