import { checkPoolPadding, type Pair, poolAttrs, requireImage, windowOutSize } from "./lib/window";
import { defineBlock } from "./types";

interface Params {
  kernel_size: Pair;
  stride: Pair | null;
  padding: Pair;
}

export const AvgPool2d = defineBlock<Params>({
  type: "AvgPool2d",
  category: "layers",
  doc: "y[n,c,i,j] = mean of x[n,c] over the kernel window (zero padding counts, count_include_pad=True)",
  params: [
    { name: "kernel_size", kind: "pair", min: 1, default: 2, doc: "window size, one number or [h, w]" },
    {
      name: "stride",
      kind: "pair",
      min: 1,
      default: null,
      nullable: true,
      doc: "step between windows; null = kernel_size (PyTorch's None)",
    },
    { name: "padding", kind: "pair", default: 0, doc: "zero padding on each side, at most half the kernel" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const [c, h, w] = requireImage(inputs);
    const a = poolAttrs(params);
    checkPoolPadding(a);
    const [ho, wo] = windowOutSize(a, h, w, "in", inputs.in);
    return { out: [inputs.in![0], c, ho, wo] };
  },
  // PyTorch's count_include_pad=True divides by kh·kw even where the window covers padding.
  lower: ({ params, inputs }) => ({ out: inputs.in!.unfold(poolAttrs(params), 0).mean([2, 3]) }),
  examples: [
    { inputs: { in: [2, 2, 4, 4] } },
    {
      params: { kernel_size: 3, stride: 2, padding: 1 },
      inputs: { in: [1, 2, 5, 5] },
      note: "overlapping windows, padding counted in the mean",
    },
    {
      params: { kernel_size: [1, 2], stride: [1, 1] },
      inputs: { in: [2, 1, 3, 4] },
      note: "rectangular, stride 1",
    },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { inputs: { in: ["B", 16] }, port: "in", message: /expected a tensor \[B, C, H, W\], got \[B, 16\]/ },
    {
      params: { kernel_size: 2, padding: 2 },
      inputs: { in: ["B", 1, 4, 4] },
      port: "in",
      message: /at most half/,
    },
    { params: { kernel_size: 3 }, inputs: { in: ["B", 1, 2, 2] }, port: "in", message: /does not fit/ },
  ],
});
