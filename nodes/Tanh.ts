import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Tanh = defineBlock<Record<string, never>>({
  type: "Tanh",
  category: "activations",
  doc: "tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)",
  params: [],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.in!.tanh() }),
  examples: [
    { inputs: { in: [3, 4] } },
    { inputs: { in: [2, 5] }, domains: { in: { kind: "normal", scale: 4 } }, note: "saturated tails" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
