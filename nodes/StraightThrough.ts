import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

interface Params {
  fn: string;
}

export const StraightThrough = defineBlock<Params>({
  type: "StraightThrough",
  category: "probabilistic",
  doc: "out = f(x) in the forward (round or sign), ∂out/∂x = 1 in the backward: x + sg(f(x) − x)",
  params: [
    {
      name: "fn",
      kind: "enum",
      default: "round",
      options: ["round", "sign"],
      doc: "round: ⌊x + 0.5⌋ (halves round up); sign: −1, 0 or 1",
    },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  lower: ({ params, inputs }) => {
    const x = inputs.in!;
    const fx = params.fn === "sign" ? x.sign() : x.add(0.5).floor();
    // f(x) + (x − sg(x)) rather than x + sg(f(x) − x): the same gradient, but x − x is exactly
    // 0, so the forward is exactly f(x) with no rounding left over.
    return { out: fx.add(x.sub(x.stopGradient())) };
  },
  examples: [
    { inputs: { in: [3, 4] }, domains: { in: { kind: "normal", scale: 3 } }, gradcheck: "identity" },
    { params: { fn: "sign" }, inputs: { in: [3, 4] }, gradcheck: "identity", note: "sign" },
    { inputs: { in: [] }, gradcheck: "identity", note: "scalar" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
