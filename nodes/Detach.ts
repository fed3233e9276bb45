import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Detach = defineBlock<Record<string, never>>({
  type: "Detach",
  category: "math",
  doc: "out = x.detach(): the same values, but no gradient flows back through it",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.stopGradient() }),
  // The gradient is zero by design, not the derivative of the (identity) forward.
  examples: [
    { inputs: { in: [3, 4] }, gradcheck: "zero" },
    { inputs: { in: [] }, gradcheck: "zero", note: "scalar" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
