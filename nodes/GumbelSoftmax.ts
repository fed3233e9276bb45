import { requireRank } from "../src/graph/symbolic";
import { normDim } from "./lib/dims";
import { defineBlock } from "./types";

interface Params {
  tau: number;
  hard: boolean;
  dim: number;
}

export const GumbelSoftmax = defineBlock<Params>({
  type: "GumbelSoftmax",
  category: "probabilistic",
  doc: "y = softmax((logits + g) / τ), g = −log(−log U), U ~ U(0, 1); hard: one-hot of argmax y, with y's gradient",
  params: [
    { name: "tau", kind: "float", default: 1, min: 0.01, max: 100, log: true, doc: "temperature τ" },
    { name: "hard", kind: "bool", default: false, doc: "one-hot forward, soft gradient (straight-through)" },
    { name: "dim", kind: "int", default: -1, min: -6, max: 5, doc: "dim of the categories" },
  ],
  inputs: [{ name: "in", doc: "logits" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const x = requireRank(inputs, "in", [1, 2, 3, 4, 5, 6], "a tensor of rank ≥ 1");
    normDim(params.dim, x);
    return { out: x };
  },
  lower({ b, params, inputs }) {
    const logits = inputs.in!;
    const d = normDim(params.dim, [...logits.shape]);
    // U = 0 (one draw in 2²⁴) is lifted to the smallest step so the Gumbel noise stays finite.
    const u = b.random([...logits.shape], "uniform").max(2 ** -24);
    const gumbel = u.log().neg().log().neg();
    const ySoft = logits.add(gumbel).div(params.tau).softmax(d);
    if (!params.hard) return { out: ySoft };
    const yHard = ySoft.eq(ySoft.reduceMax(d, true));
    // y_hard + (y_soft − sg(y_soft)): PyTorch's y_hard − sg(y_soft) + y_soft reordered so the
    // forward is exactly one-hot, the gradient that of y_soft.
    return { out: yHard.add(ySoft.sub(ySoft.stopGradient())) };
  },
  examples: [
    { inputs: { in: [3, 4] } },
    { params: { tau: 0.5 }, inputs: { in: [2, 5] }, note: "low temperature" },
    { params: { dim: 1 }, inputs: { in: [2, 3, 2] }, note: "categories in the middle" },
    {
      params: { hard: true },
      inputs: { in: [3, 4] },
      gradcheck: { sameAsParams: { hard: false } },
      note: "hard: straight-through, the soft gradient",
    },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    {
      params: { dim: 1 },
      inputs: { in: ["B"] },
      port: "in",
      message: /dim 1 is out of range for input \[B\]/,
    },
  ],
});
