import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Exp = defineBlock<Record<string, never>>({
  type: "Exp",
  category: "math",
  doc: "out = eˣ (torch.exp)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.exp() }),
  examples: [{ inputs: { in: [3, 4] } }, { inputs: { in: [] }, note: "scalar" }],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
