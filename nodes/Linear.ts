import { requireRank, staticDim } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  out_features: number;
  bias: boolean;
}

export const Linear = defineBlock<Params>({
  type: "Linear",
  category: "layers",
  doc: "y = x Wᵀ + b, applied to the last dim (in_features comes from the wire)",
  params: [
    { name: "out_features", kind: "int", default: 8, min: 1, max: 65536, doc: "size of each output sample" },
    { name: "bias", kind: "bool", default: true, doc: "learn an additive bias" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const x = requireRank(inputs, "in", [1, 2, 3, 4, 5], "a tensor [..., in_features]");
    staticDim(x, -1, "in", "in_features (the last dim)");
    return { out: [...x.slice(0, -1), params.out_features] };
  },
  weights({ params, inputs }) {
    const fanIn = staticDim(inputs.in!, -1, "in", "in_features");
    // PyTorch: kaiming_uniform_(a=√5) gives bound 1/√fan_in, and the bias uses the same bound.
    const bound = 1 / Math.sqrt(fanIn);
    return {
      weight: { shape: [params.out_features, fanIn], init: { kind: "uniform", bound } },
      ...(params.bias ? { bias: { shape: [params.out_features], init: { kind: "uniform", bound } } } : {}),
    };
  },
  lower({ inputs, weights }) {
    const x = inputs.in!;
    const w = weights.weight;
    // Flatten leading dims so one 2-D matmul serves any rank.
    const lead = x.shape.slice(0, -1);
    let y = x.reshape([-1, x.shape[x.rank - 1]]).matmul(w.T);
    if (weights.bias) y = y.add(weights.bias);
    return { out: y.reshape([...lead, w.shape[0]]) };
  },
  examples: [
    { params: { out_features: 3 }, inputs: { in: [4, 5] } },
    { params: { out_features: 2, bias: false }, inputs: { in: [2, 3, 4] }, note: "rank 3, no bias" },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { inputs: { in: [] }, port: "in", message: /expected a tensor/ },
  ],
});
