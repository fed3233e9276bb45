import { checkPoolPadding, type Pair, poolAttrs, requireImage, windowOutSize } from "./lib/window";
import { defineBlock } from "./types";

interface Params {
  kernel_size: Pair;
  stride: Pair | null;
  padding: Pair;
}

export const MaxPool2d = defineBlock<Params>({
  type: "MaxPool2d",
  category: "layers",
  doc: "y[n,c,i,j] = max over the kernel window of x[n,c] (padding reads −∞)",
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
    { name: "padding", kind: "pair", default: 0, doc: "−∞ padding on each side, at most half the kernel" },
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
  // −∞ padding never wins the max, since every window holds at least one real pixel.
  lower: ({ params, inputs }) => ({ out: inputs.in!.unfold(poolAttrs(params), -Infinity).reduceMax([2, 3]) }),
  examples: [
    { inputs: { in: [2, 2, 4, 4] }, note: "random normals: no ties within a window" },
    {
      params: { kernel_size: 3, stride: 2, padding: 1 },
      inputs: { in: [1, 2, 5, 5] },
      note: "overlapping windows with padding",
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
