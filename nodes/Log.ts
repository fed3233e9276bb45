import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Log = defineBlock<Record<string, never>>({
  type: "Log",
  category: "math",
  doc: "out = ln x (torch.log; x > 0)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.log() }),
  examples: [
    { inputs: { in: [3, 4] }, domains: { in: { kind: "positive", min: 0.2, max: 3 } } },
    { inputs: { in: [] }, domains: { in: { kind: "positive" } }, note: "scalar" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
