import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

interface Params {
  beta: number;
  threshold: number;
}

export const Softplus = defineBlock<Params>({
  type: "Softplus",
  category: "activations",
  doc: "Softplus(x) = (1/β) · log(1 + exp(β · x)), and x where β · x > threshold",
  params: [
    { name: "beta", kind: "float", default: 1, min: 0.01, max: 100, log: true, doc: "sharpness β" },
    { name: "threshold", kind: "float", default: 20, doc: "above β · x > threshold the output is x" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ b, params, inputs }) => {
    const x = inputs.in!;
    const z = x.mul(params.beta);
    // log(1 + eᶻ) = max(z, 0) + log(1 + e^−|z|): the exp never exceeds 1, so nothing
    // overflows in either branch (an inf in the branch not taken would still turn the
    // gradient into NaN, as 0 · inf).
    const soft = z.max(0).add(z.abs().neg().exp().add(1).log()).div(params.beta);
    return { out: b.where(z.gt(params.threshold), x, soft) };
  },
  examples: [
    { inputs: { in: [3, 4] } },
    {
      params: { beta: 2, threshold: 1.5 },
      inputs: { in: [3, 4] },
      note: "both sides of the threshold",
    },
    {
      inputs: { in: [2, 5] },
      domains: { in: { kind: "normal", scale: 40 } },
      note: "large |x|, no overflow",
    },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
