import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Cos = defineBlock<Record<string, never>>({
  type: "Cos",
  category: "math",
  doc: "out = cos x (torch.cos)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.cos() }),
  examples: [{ inputs: { in: [3, 4] } }, { inputs: { in: [] }, note: "scalar" }],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
