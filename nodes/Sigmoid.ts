import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Sigmoid = defineBlock<Record<string, never>>({
  type: "Sigmoid",
  category: "activations",
  doc: "σ(x) = 1 / (1 + e⁻ˣ)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.sigmoid() }),
  examples: [
    { inputs: { in: [3, 4] } },
    { inputs: { in: [2, 5] }, domains: { in: { kind: "normal", scale: 6 } }, note: "saturated tails" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
