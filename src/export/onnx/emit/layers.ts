import { A, DT } from "../proto";
import { type EmitCtx, type Emitter, emitter } from "./types";
import { axis, pair, perChannelShape, reshapeTarget } from "./util";

// Layers: each maps to its ONNX operator with PyTorch's weight layout, which ONNX shares
// (Conv W [O, C, kh, kw], ConvTranspose W [C, O, kh, kw], Gemm with transB for [out, in]).

interface WindowParams {
  kernel_size: number | [number, number];
  stride: number | [number, number] | null;
  padding: number | [number, number];
  dilation?: number | [number, number];
}

/** kernel_shape, strides, pads (ONNX: [top, left, bottom, right]) and dilations. */
function windowAttrs(p: WindowParams, withDilation: boolean) {
  const k = pair(p.kernel_size);
  // A pooling stride of null is PyTorch's None: as large as the kernel.
  const s = pair(p.stride ?? p.kernel_size);
  const [ph, pw] = pair(p.padding);
  return {
    kernel_shape: A.ints(k),
    strides: A.ints(s),
    pads: A.ints([ph, pw, ph, pw]),
    ...(withDilation ? { dilations: A.ints(pair(p.dilation ?? 1)) } : {}),
  };
}

/** Inputs [x, W] plus the bias when the block has one. */
function withBias(c: EmitCtx<unknown>): string[] {
  return [c.inputs.in, c.weights.weight, ...(c.weights.bias ? [c.weights.bias] : [])];
}

interface BatchNormParams {
  eps: number;
  momentum: number;
  affine: boolean;
  track_running_stats: boolean;
}

/** Eval-mode batch norm: ONNX's BatchNormalization with the running stats. */
function batchNorm(c: EmitCtx<BatchNormParams>): void {
  const x = c.inputs.in;
  const shape = c.inShapes.in;
  const C = shape[1] as number;
  const p = c.params;
  if (p.track_running_stats) {
    // Without affine PyTorch has no weight/bias: the identity scale and shift stand in.
    const scale = c.weights.weight ?? c.constF(new Array(C).fill(1), [C]);
    const bias = c.weights.bias ?? c.constF(new Array(C).fill(0), [C]);
    c.op1(
      "BatchNormalization",
      [x, scale, bias, c.weights.running_mean, c.weights.running_var],
      // ONNX's momentum weighs the old running value (PyTorch's weighs the new batch); only
      // training reads it, kept so the file says how the stats were made.
      { epsilon: A.f(p.eps), momentum: A.f(1 - p.momentum) },
      c.out("out"),
    );
    return;
  }
  // No running stats: eval normalises with the batch's own mean and biased variance, as
  // wiregrad and PyTorch do, which BatchNormalization (inference form) cannot express.
  const axes = A.ints(shape.map((_, i) => i).filter((i) => i !== 1));
  const mean = c.op1("ReduceMean", [x], { axes, keepdims: A.i(1) });
  const centered = c.op1("Sub", [x, mean]);
  const variance = c.op1("ReduceMean", [c.op1("Mul", [centered, centered])], { axes, keepdims: A.i(1) });
  const std = c.op1("Sqrt", [c.op1("Add", [variance, c.constF(p.eps)])]);
  if (!p.affine) {
    c.op1("Div", [centered, std], {}, c.out("out"));
    return;
  }
  const xhat = c.op1("Div", [centered, std]);
  const bc = c.constI64(perChannelShape(shape));
  const scaled = c.op1("Mul", [xhat, c.op1("Reshape", [c.weights.weight, bc])]);
  c.op1("Add", [scaled, c.op1("Reshape", [c.weights.bias, bc])], {}, c.out("out"));
}

/**
 * ConvTranspose2d with output_padding ≥ stride (PyTorch allows it when the dilation is
 * larger): onnxruntime (1.13 – 1.17 at least, microsoft/onnxruntime#14208) shifts the output
 * of a ConvTranspose with such an output_padding. The same values come from the unpadded
 * transposed convolution, cropped by `padding` at the start and cut or zero-extended at
 * the end to the output size, as PyTorch defines it; then the bias.
 */
function convTransposeCropped(
  c: EmitCtx<WindowParams & { output_padding: number | [number, number] }>,
): void {
  const [, , h, w] = c.inShapes.in as number[];
  const [, , ho, wo] = c.outShapes.out as number[];
  const [kh, kw] = pair(c.params.kernel_size);
  const [sh, sw] = pair(c.params.stride);
  const [ph, pw] = pair(c.params.padding);
  const [dh, dw] = pair(c.params.dilation ?? 1);
  const full = [(h - 1) * sh + dh * (kh - 1) + 1, (w - 1) * sw + dw * (kw - 1) + 1];
  const attrs = { ...windowAttrs({ ...c.params, padding: 0 }, true), group: A.i(1) };
  const y = c.op1("ConvTranspose", [c.inputs.in, c.weights.weight], attrs);
  const ends = [Math.min(full[0], ph + ho), Math.min(full[1], pw + wo)];
  let cropped = c.op1("Slice", [y, c.constI64([ph, pw]), c.constI64(ends), c.constI64([2, 3])]);
  const extra = [ph + ho - ends[0], pw + wo - ends[1]];
  const last = !c.weights.bias;
  if (extra[0] > 0 || extra[1] > 0) {
    const pads = c.constI64([0, 0, 0, 0, 0, 0, extra[0], extra[1]]);
    cropped = c.op1("Pad", [cropped, pads], { mode: A.s("constant") }, last ? c.out("out") : undefined);
  } else if (last) {
    cropped = c.op1("Identity", [cropped], {}, c.out("out"));
  }
  if (c.weights.bias) {
    const o = c.outShapes.out[1] as number;
    const b = c.op1("Reshape", [c.weights.bias, c.constI64([o, 1, 1])]);
    c.op1("Add", [cropped, b], {}, c.out("out"));
  }
}

export const layerEmitters: Record<string, Emitter> = {
  Linear: emitter((c) => {
    if (c.inShapes.in.length === 2) {
      // Gemm computes x Wᵀ + b in one node, reading W in PyTorch's [out, in] layout.
      c.op1("Gemm", withBias(c), { transB: A.i(1) }, c.out("out"));
      return;
    }
    // Gemm is 2-D only; MatMul broadcasts over the leading dims like torch's linear.
    const wT = c.op1("Transpose", [c.weights.weight], { perm: A.ints([1, 0]) });
    if (!c.weights.bias) {
      c.op1("MatMul", [c.inputs.in, wT], {}, c.out("out"));
      return;
    }
    c.op1("Add", [c.op1("MatMul", [c.inputs.in, wT]), c.weights.bias], {}, c.out("out"));
  }),
  Conv2d: emitter<WindowParams>((c) => {
    c.op1("Conv", withBias(c), { ...windowAttrs(c.params, true), group: A.i(1) }, c.out("out"));
  }),
  ConvTranspose2d: emitter<WindowParams & { output_padding: number | [number, number] }>((c) => {
    const op = pair(c.params.output_padding);
    const s = pair(c.params.stride);
    if (op[0] >= s[0] || op[1] >= s[1]) return convTransposeCropped(c);
    const attrs = { ...windowAttrs(c.params, true), output_padding: A.ints(op) };
    c.op1("ConvTranspose", withBias(c), { ...attrs, group: A.i(1) }, c.out("out"));
  }),
  // Both pads read as PyTorch's: −∞ for max pooling, zeros counted in the average.
  MaxPool2d: emitter<WindowParams>((c) => {
    c.op1("MaxPool", [c.inputs.in], windowAttrs(c.params, false), c.out("out"));
  }),
  AvgPool2d: emitter<WindowParams>((c) => {
    const attrs = { ...windowAttrs(c.params, false), count_include_pad: A.i(1) };
    c.op1("AveragePool", [c.inputs.in], attrs, c.out("out"));
  }),
  Flatten: emitter<{ start_dim: number; end_dim: number }>((c) => {
    const x = c.inShapes.in;
    const [s, e] = [axis(c.params.start_dim, x.length), axis(c.params.end_dim, x.length)];
    // ONNX's Flatten always yields 2-D, which is nn.Flatten()'s default (1…−1) and only that.
    if (s === 1 && e === x.length - 1) {
      c.op1("Flatten", [c.inputs.in], { axis: A.i(1) }, c.out("out"));
      return;
    }
    const shape = c.constI64(reshapeTarget(x, c.outShapes.out));
    c.op1("Reshape", [c.inputs.in, shape], {}, c.out("out"));
  }),
  Reshape: emitter((c) => {
    const shape = c.constI64(reshapeTarget(c.inShapes.in, c.outShapes.out));
    c.op1("Reshape", [c.inputs.in, shape], {}, c.out("out"));
  }),
  // Inference graph: dropout is the identity, as in nn.Module.eval().
  Dropout: emitter((c) => {
    c.op1("Identity", [c.inputs.in], {}, c.out("out"));
  }),
  BatchNorm1d: emitter(batchNorm),
  BatchNorm2d: emitter(batchNorm),
  LayerNorm: emitter<{ dims: number; eps: number; elementwise_affine: boolean }>((c) => {
    const normalized = c.inShapes.in.slice(-c.params.dims) as number[];
    const n = normalized.reduce((a, b) => a * b, 1);
    const scale = c.weights.weight ?? c.constF(new Array(n).fill(1), normalized);
    const inputs = [c.inputs.in, scale, ...(c.weights.bias ? [c.weights.bias] : [])];
    const attrs = { axis: A.i(-c.params.dims), epsilon: A.f(c.params.eps) };
    c.op("LayerNormalization", inputs, attrs, [c.out("out")]);
  }),
  Embedding: emitter((c) => {
    // wiregrad carries indices as floats; Gather wants integers.
    const idx = c.op1("Cast", [c.inputs.in], { to: A.i(DT.INT64) });
    c.op1("Gather", [c.weights.weight, idx], { axis: A.i(0) }, c.out("out"));
  }),
};
