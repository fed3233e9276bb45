import { type Pair, requireImage, windowAttrs, windowOutSize } from "./lib/window";
import { defineBlock } from "./types";

interface Params {
  out_channels: number;
  kernel_size: Pair;
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  bias: boolean;
}

export const Conv2d = defineBlock<Params>({
  type: "Conv2d",
  category: "layers",
  doc: "y[n,o] = b[o] + Σ_c W[o,c] ⋆ x[n,c] (cross-correlation; in_channels comes from the wire)",
  params: [
    { name: "out_channels", kind: "int", default: 8, min: 1, max: 4096, doc: "number of output channels" },
    { name: "kernel_size", kind: "pair", min: 1, default: 3, doc: "window size, one number or [h, w]" },
    { name: "stride", kind: "pair", min: 1, default: 1, doc: "step between windows" },
    { name: "padding", kind: "pair", default: 0, doc: "zeros added on each side" },
    { name: "dilation", kind: "pair", min: 1, default: 1, doc: "spacing between kernel taps" },
    { name: "bias", kind: "bool", default: true, doc: "learn an additive bias per output channel" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const [, h, w] = requireImage(inputs);
    const [ho, wo] = windowOutSize(windowAttrs(params), h, w, "in", inputs.in);
    return { out: [inputs.in![0], params.out_channels, ho, wo] };
  },
  weights({ params, inputs }) {
    const [c] = requireImage(inputs);
    const { kh, kw } = windowAttrs(params);
    // PyTorch: kaiming_uniform_(a=√5) gives bound 1/√fan_in with fan_in = C·kh·kw; the bias shares it.
    const bound = 1 / Math.sqrt(c * kh * kw);
    return {
      weight: { shape: [params.out_channels, c, kh, kw], init: { kind: "uniform", bound } },
      ...(params.bias ? { bias: { shape: [params.out_channels], init: { kind: "uniform", bound } } } : {}),
    };
  },
  lower({ params, inputs, weights }) {
    const o = params.out_channels;
    // im2col: every output position's receptive field becomes a column, so the conv is one matmul.
    const cols = inputs.in!.unfold(windowAttrs(params), 0);
    const [n, c, kh, kw, ho, wo] = cols.shape;
    const k = c * kh * kw;
    // [O, C·kh·kw] @ [N, C·kh·kw, Ho·Wo]: the weight broadcasts over the batch.
    let y = weights.weight
      .reshape([o, k])
      .matmul(cols.reshape([n, k, ho * wo]))
      .reshape([n, o, ho, wo]);
    if (weights.bias) y = y.add(weights.bias.reshape([o, 1, 1]));
    return { out: y };
  },
  examples: [
    { params: { out_channels: 2, kernel_size: 3 }, inputs: { in: [2, 2, 5, 5] } },
    {
      params: { out_channels: 3, kernel_size: [2, 3], stride: [2, 1], padding: [1, 0], bias: false },
      inputs: { in: [1, 2, 5, 6] },
      note: "rectangular kernel, stride, padding, no bias",
    },
    {
      params: { out_channels: 2, kernel_size: 2, stride: 2, padding: 1, dilation: 2 },
      inputs: { in: [2, 3, 4, 4] },
      note: "dilation with padding",
    },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { inputs: { in: ["B", 784] }, port: "in", message: /expected a tensor \[B, C, H, W\], got \[B, 784\]/ },
    { params: { kernel_size: 5 }, inputs: { in: ["B", 1, 3, 3] }, port: "in", message: /does not fit/ },
  ],
});
