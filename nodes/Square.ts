import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Square = defineBlock<Record<string, never>>({
  type: "Square",
  category: "math",
  doc: "out = x² (torch.square)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.square() }),
  examples: [{ inputs: { in: [3, 4] } }, { inputs: { in: [] }, note: "scalar" }],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
