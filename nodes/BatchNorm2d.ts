import { requireRank, staticDim } from "../src/graph/symbolic";
import { type BatchNormParams, batchNormParams, batchNormWeights, lowerBatchNorm } from "./lib/batchNorm";
import { defineBlock } from "./types";

export const BatchNorm2d = defineBlock<BatchNormParams>({
  type: "BatchNorm2d",
  category: "layers",
  doc: "y = (x − E[x])/√(Var[x] + eps)·γ + β per channel, over B, H, W; running stats in eval",
  params: batchNormParams,
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ inputs }) {
    const x = requireRank(inputs, "in", 4, "a tensor [B, C, H, W]");
    staticDim(x, 1, "in", "C (the channels)");
    return { out: x };
  },
  weights: ({ params, inputs }) => batchNormWeights(staticDim(inputs.in!, 1, "in", "C"), params),
  lower: (ctx) => ({ out: lowerBatchNorm(ctx) }),
  examples: [
    { inputs: { in: [3, 2, 3, 3] } },
    { params: { affine: false }, inputs: { in: [2, 3, 2, 2] }, note: "no affine" },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { inputs: { in: ["B", 8] }, port: "in", message: /expected a tensor \[B, C, H, W\], got \[B, 8\]/ },
  ],
});
