import type { SymShape } from "../src/graph/symbolic";
import { ParamError, PortShapeError } from "../src/graph/symbolic";
import { windowOut } from "../src/ir/shape";
import { pair } from "./lib/pair";
import { checkWindow, type Pair, requireImage, windowAttrs } from "./lib/window";
import { defineBlock } from "./types";

interface Params {
  out_channels: number;
  kernel_size: Pair;
  stride: Pair;
  padding: Pair;
  output_padding: Pair;
  dilation: Pair;
  bias: boolean;
}

/** Output height and width, as in PyTorch's ConvTranspose2d docs; refuses what PyTorch refuses. */
function outSize(params: Params, h: number, w: number, x?: SymShape): [number, number] {
  const a = windowAttrs(params);
  checkWindow(a);
  const [oph, opw] = pair(params.output_padding);
  // PyTorch: "output padding must be smaller than either stride or dilation".
  if (oph >= Math.max(a.sh, a.dh) || opw >= Math.max(a.sw, a.dw)) {
    throw new ParamError(
      "output_padding",
      `output_padding ${oph}x${opw} must be smaller than either stride ${a.sh}x${a.sw} or dilation ${a.dh}x${a.dw}`,
    );
  }
  const ho = (h - 1) * a.sh - 2 * a.ph + a.dh * (a.kh - 1) + oph + 1;
  const wo = (w - 1) * a.sw - 2 * a.pw + a.dw * (a.kw - 1) + opw + 1;
  if (ho < 1 || wo < 1) {
    throw new PortShapeError(
      "in",
      `padding ${a.ph}x${a.pw} crops the ${h}x${w} input's output to ${ho}x${wo}, which is empty`,
      "an output of at least 1x1",
      x,
    );
  }
  return [ho, wo];
}

export const ConvTranspose2d = defineBlock<Params>({
  type: "ConvTranspose2d",
  category: "layers",
  doc: "y = the adjoint of Conv2d applied to x: each input pixel adds W[c]·x[n,c,i,j] into a window (+ b)",
  params: [
    { name: "out_channels", kind: "int", default: 8, min: 1, max: 4096, doc: "number of output channels" },
    { name: "kernel_size", kind: "pair", min: 1, default: 3, doc: "window size, one number or [h, w]" },
    { name: "stride", kind: "pair", min: 1, default: 1, doc: "step between windows in the output" },
    {
      name: "padding",
      kind: "pair",
      default: 0,
      doc: "rows and columns cropped from each side of the output",
    },
    {
      name: "output_padding",
      kind: "pair",
      default: 0,
      doc: "extra rows and columns at the bottom and right",
    },
    { name: "dilation", kind: "pair", min: 1, default: 1, doc: "spacing between kernel taps" },
    { name: "bias", kind: "bool", default: true, doc: "learn an additive bias per output channel" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const [, h, w] = requireImage(inputs);
    const [ho, wo] = outSize(params, h, w, inputs.in);
    return { out: [inputs.in![0], params.out_channels, ho, wo] };
  },
  weights({ params, inputs }) {
    const [c] = requireImage(inputs);
    const { kh, kw } = windowAttrs(params);
    // PyTorch's weight is [in_channels, out_channels, kh, kw] and its fan_in is computed from
    // weight.size(1)·kh·kw, i.e. out_channels·kh·kw; kaiming_uniform_(a=√5) gives bound 1/√fan_in.
    const bound = 1 / Math.sqrt(params.out_channels * kh * kw);
    return {
      weight: { shape: [c, params.out_channels, kh, kw], init: { kind: "uniform", bound } },
      ...(params.bias ? { bias: { shape: [params.out_channels], init: { kind: "uniform", bound } } } : {}),
    };
  },
  lower({ b, params, inputs, weights }) {
    const x = inputs.in!;
    const [n, c, h, w] = x.shape;
    const o = params.out_channels;
    const a = windowAttrs(params);
    const [ho, wo] = outSize(params, h, w);
    // Columns [N, O, kh, kw, H, W]: every input pixel times the kernel, as im2col's adjoint expects.
    let cols = weights.weight
      .reshape([c, o * a.kh * a.kw])
      .T.matmul(x.reshape([n, c, h * w]))
      .reshape([n, o, a.kh, a.kw, h, w]);
    // fold wants the columns of a Ho×Wo image. When output_padding ≥ stride (allowed when the
    // dilation is larger) that image has more windows than the input has pixels; the extra
    // windows read no input, so they are zero columns.
    const fh = windowOut(ho, a.kh, a.sh, a.ph, a.dh);
    const fw = windowOut(wo, a.kw, a.sw, a.pw, a.dw);
    if (fh > h || fw > w) {
      cols = b.emit("pad", [cols], {
        before: [0, 0, 0, 0, 0, 0],
        after: [0, 0, 0, 0, fh - h, fw - w],
        value: 0,
      });
    }
    let y = b.emit("fold", [cols], { ...a, height: ho, width: wo });
    if (weights.bias) y = y.add(weights.bias.reshape([o, 1, 1]));
    return { out: y };
  },
  examples: [
    { params: { out_channels: 2, kernel_size: 3 }, inputs: { in: [2, 2, 3, 3] } },
    {
      params: { out_channels: 2, kernel_size: 3, stride: 2, padding: 1, output_padding: 1 },
      inputs: { in: [1, 3, 3, 4] },
      note: "stride 2 upsampling with output_padding",
    },
    {
      params: { out_channels: 2, kernel_size: 2, padding: 1, output_padding: 2, dilation: 3 },
      inputs: { in: [1, 2, 3, 3] },
      note: "output_padding ≥ stride, allowed by the dilation",
    },
    {
      params: { out_channels: 1, kernel_size: [2, 3], stride: [2, 1], padding: [0, 1], bias: false },
      inputs: { in: [2, 2, 2, 3] },
      note: "rectangular kernel and stride, no bias",
    },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { inputs: { in: ["B", 3, 8] }, port: "in", message: /expected a tensor \[B, C, H, W\], got \[B, 3, 8\]/ },
    {
      params: { stride: 2, output_padding: 2 },
      inputs: { in: ["B", 1, 3, 3] },
      port: "in",
      param: "output_padding",
      message: /output_padding 2x2 must be smaller than either stride/,
    },
    { params: { kernel_size: 1, padding: 2 }, inputs: { in: ["B", 1, 3, 3] }, port: "in", message: /empty/ },
  ],
});
