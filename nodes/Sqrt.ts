import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Sqrt = defineBlock<Record<string, never>>({
  type: "Sqrt",
  category: "math",
  doc: "out = √x (torch.sqrt; x ≥ 0)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.sqrt() }),
  examples: [
    { inputs: { in: [3, 4] }, domains: { in: { kind: "positive", min: 0.2, max: 3 } } },
    { inputs: { in: [] }, domains: { in: { kind: "positive" } }, note: "scalar" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
