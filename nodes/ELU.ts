import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

interface Params {
  alpha: number;
}

export const ELU = defineBlock<Params>({
  type: "ELU",
  category: "activations",
  doc: "ELU(x) = x if x > 0, else α · (eˣ − 1)",
  params: [{ name: "alpha", kind: "float", default: 1, doc: "α: the value ELU tends to is −α" }],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ b, params, inputs }) => {
    const x = inputs.in!;
    // exp of min(x, 0): the branch not taken never overflows (0 · inf would make its gradient NaN).
    const neg = x.min(0).exp().sub(1).mul(params.alpha);
    return { out: b.where(x.gt(0), x, neg) };
  },
  examples: [
    { inputs: { in: [3, 4] }, note: "random normals are never exactly 0" },
    {
      params: { alpha: 0.5 },
      inputs: { in: [2, 5] },
      domains: { in: { kind: "normal", scale: 100 } },
      note: "large |x|",
    },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
