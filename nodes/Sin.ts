import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Sin = defineBlock<Record<string, never>>({
  type: "Sin",
  category: "math",
  doc: "out = sin x (torch.sin)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.sin() }),
  examples: [{ inputs: { in: [3, 4] } }, { inputs: { in: [] }, note: "scalar" }],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
