import { requireRank, staticDim } from "../src/graph/symbolic";
import { type BatchNormParams, batchNormParams, batchNormWeights, lowerBatchNorm } from "./lib/batchNorm";
import { defineBlock } from "./types";

export const BatchNorm1d = defineBlock<BatchNormParams>({
  type: "BatchNorm1d",
  category: "layers",
  doc: "y = (x − E[x])/√(Var[x] + eps)·γ + β per channel, over the batch (and L); running stats in eval",
  params: batchNormParams,
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ inputs }) {
    const x = requireRank(inputs, "in", [2, 3], "a tensor [B, C] or [B, C, L]");
    staticDim(x, 1, "in", "C (the channels)");
    return { out: x };
  },
  weights: ({ params, inputs }) => batchNormWeights(staticDim(inputs.in!, 1, "in", "C"), params),
  lower: (ctx) => ({ out: lowerBatchNorm(ctx) }),
  examples: [
    { inputs: { in: [6, 3] } },
    { inputs: { in: [4, 2, 3] }, note: "[B, C, L]" },
    {
      params: { affine: false, track_running_stats: false },
      inputs: { in: [5, 2] },
      note: "no affine, no running stats",
    },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    {
      inputs: { in: ["B", 1, 4, 4] },
      port: "in",
      message: /expected a tensor \[B, C\] or \[B, C, L\], got \[B, 1, 4, 4\]/,
    },
  ],
});
