import type { Tensor } from "../../src/ir/builder";
import type { WindowAttrs } from "../../src/ir/prims";
import { type BlockDef, defineBlock } from "../types";
import { checkPoolPadding, type PoolParams, poolAttrs, requireImage, windowOutSize } from "./window";

/**
 * MaxPool2d and AvgPool2d differ only in what fills the padding and how a window is
 * reduced; params, shape rule, examples and refused wirings are shared here.
 */
export function poolBlock(spec: {
  type: string;
  doc: string;
  paddingDoc: string;
  reduce: (x: Tensor, window: WindowAttrs) => Tensor;
  firstNote?: string;
}): BlockDef<PoolParams> {
  return defineBlock<PoolParams>({
    type: spec.type,
    category: "layers",
    doc: spec.doc,
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
      { name: "padding", kind: "pair", default: 0, doc: spec.paddingDoc },
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
    lower: ({ params, inputs }) => ({ out: spec.reduce(inputs.in!, poolAttrs(params)) }),
    examples: [
      { inputs: { in: [2, 2, 4, 4] }, note: spec.firstNote },
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
}
