import { fmtSym, PortShapeError, requireRank, staticDim } from "../src/graph/symbolic";
import { defineBlock, type WeightSpec } from "./types";

interface Params {
  dims: number;
  eps: number;
  elementwise_affine: boolean;
}

export const LayerNorm = defineBlock<Params>({
  type: "LayerNorm",
  category: "layers",
  doc: "y = (x − E[x])/√(Var[x] + eps)·γ + β over the last `dims` dims of each sample",
  params: [
    // PyTorch takes normalized_shape; here the sizes come from the wire, so only the count is set.
    {
      name: "dims",
      kind: "int",
      default: 1,
      min: 1,
      max: 5,
      doc: "how many trailing dims to normalise (normalized_shape)",
    },
    { name: "eps", kind: "float", default: 1e-5, min: 0, max: 1, log: true, doc: "added to the variance" },
    {
      name: "elementwise_affine",
      kind: "bool",
      default: true,
      doc: "learn a scale (weight) and shift (bias) per element",
    },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const x = requireRank(inputs, "in", [1, 2, 3, 4, 5, 6], "a tensor [B, ...]");
    if (params.dims >= x.length) {
      throw new PortShapeError(
        "in",
        `LayerNorm over the last ${params.dims} dims needs more dims than that besides the batch, got ${fmtSym(x)}`,
        `a tensor of rank > ${params.dims}`,
        x,
      );
    }
    for (let i = x.length - params.dims; i < x.length; i++) staticDim(x, i, "in", "a normalised dim");
    return { out: x };
  },
  weights({ params, inputs }): Record<string, WeightSpec> {
    if (!params.elementwise_affine) return {};
    // normalized_shape: the trailing dims, known sizes (the shape rule checked them).
    const shape = inputs.in!.slice(-params.dims) as number[];
    return {
      weight: { shape, init: { kind: "fill", value: 1 } },
      bias: { shape, init: { kind: "fill", value: 0 } },
    };
  },
  lower({ params, inputs, weights }) {
    const x = inputs.in!;
    const axes = x.shape.map((_, i) => i).slice(-params.dims);
    const centered = x.sub(x.mean(axes, true));
    // Biased variance, as PyTorch's layer norm uses.
    const y = centered.div(centered.square().mean(axes, true).add(params.eps).sqrt());
    return { out: weights.weight ? y.mul(weights.weight).add(weights.bias) : y };
  },
  examples: [
    { inputs: { in: [4, 5] } },
    { params: { dims: 2 }, inputs: { in: [2, 3, 4] }, note: "two trailing dims" },
    {
      params: { elementwise_affine: false },
      inputs: { in: [2, 3, 4] },
      note: "no affine, last dim of rank 3",
    },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { params: { dims: 2 }, inputs: { in: ["B", 8] }, port: "in", message: /last 2 dims.*got \[B, 8\]/ },
  ],
});
