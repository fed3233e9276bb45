import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

interface Params {
  negative_slope: number;
}

export const LeakyReLU = defineBlock<Params>({
  type: "LeakyReLU",
  category: "activations",
  doc: "LeakyReLU(x) = x if x > 0, else negative_slope · x",
  params: [{ name: "negative_slope", kind: "float", default: 0.01, doc: "slope for x < 0" }],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: anyTensor(inputs) }),
  // A select rather than max(x, slope·x), which would be wrong for a slope above 1.
  lower: ({ b, params, inputs }) => {
    const x = inputs.in!;
    return { out: b.where(x.gt(0), x, x.mul(params.negative_slope)) };
  },
  examples: [
    { inputs: { in: [3, 4] }, note: "random normals are never exactly 0, where the slope changes" },
    { params: { negative_slope: 0.2 }, inputs: { in: [2, 3, 2] } },
    { params: { negative_slope: 1.5 }, inputs: { in: [5] }, note: "slope above 1" },
  ],
  badWiring: [{ inputs: { in: undefined }, port: "in", message: /not connected/ }],
});
