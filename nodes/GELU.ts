import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

interface Params {
  approximate: string;
}

export const GELU = defineBlock<Params>({
  type: "GELU",
  category: "activations",
  doc: "GELU(x) = x · Φ(x) = 0.5 · x · (1 + erf(x / √2)); tanh: 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))",
  params: [
    {
      name: "approximate",
      kind: "enum",
      default: "none",
      options: ["none", "tanh"],
      doc: "none: exact, with erf; tanh: the tanh approximation",
    },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ params, inputs }) => {
    const x = inputs.in!;
    const inner =
      params.approximate === "tanh"
        ? x
            .add(x.mul(x).mul(x).mul(0.044715))
            .mul(Math.sqrt(2 / Math.PI))
            .tanh()
        : x.mul(Math.SQRT1_2).erf();
    return { out: x.mul(0.5).mul(inner.add(1)) };
  },
  examples: [
    { inputs: { in: [3, 4] } },
    { params: { approximate: "tanh" }, inputs: { in: [3, 4] }, note: "tanh approximation" },
    { inputs: { in: [2, 5] }, domains: { in: { kind: "normal", scale: 4 } }, note: "tails" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
