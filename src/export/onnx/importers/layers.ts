import type { ParamValue } from "../../../graph/doc";
import { shortestFloat32 } from "../../../graph/weights";
import type { ImportCtx } from "./context";
import { type ConstTensor, ImportUnsupported } from "./decode";

// Layer operators → layer blocks, weights taken from the initializers and laid out as
// PyTorch's state_dict (which for Conv and BatchNormalization is ONNX's own layout).

export type Importer = (c: ImportCtx) => void;

function transpose2d(t: ConstTensor): ConstTensor {
  const [r, k] = t.shape;
  const data = new Float32Array(r * k);
  for (let i = 0; i < r; i++) for (let j = 0; j < k; j++) data[j * r + i] = t.data[i * k + j];
  return { shape: [k, r], data };
}

function scaled(t: ConstTensor, k: number): ConstTensor {
  return k === 1 ? t : { shape: t.shape, data: t.data.map((v) => v * k) };
}

/** A bias that broadcasts along the last dim ([n], [1, n] or one value) as a vector [n]. */
function biasVector(t: ConstTensor, n: number, what: string): ConstTensor {
  const last = t.shape[t.shape.length - 1] ?? 1;
  const lead = t.shape.slice(0, -1).every((d) => d === 1);
  if (t.data.length === n && last === n && lead) return { shape: [n], data: t.data };
  if (t.data.length === 1) return { shape: [n], data: new Float32Array(n).fill(t.data[0]) };
  throw new ImportUnsupported(`its ${what} of shape [${t.shape}] is not one value per output feature`);
}

/** A pair param as PyTorch writes it: one number when both sides agree. */
function pairParam([h, w]: number[]): ParamValue {
  return h === w ? h : [h, w];
}

/** ONNX's pads [top, left, bottom, right] as PyTorch's symmetric padding [h, w]. */
function symmetricPads(c: ImportCtx): number[] {
  const autoPad = c.a.string("auto_pad", "NOTSET");
  if (autoPad !== "NOTSET" && autoPad !== "VALID") {
    throw new ImportUnsupported(`auto_pad=${autoPad} has no counterpart (padding is explicit in wiregrad)`);
  }
  const [t, l, b, r] = c.a.ints("pads", [0, 0, 0, 0]);
  if (autoPad === "VALID") return [0, 0];
  if (t !== b || l !== r) throw new ImportUnsupported(`asymmetric pads [${t}, ${l}, ${b}, ${r}]`);
  return [t, l];
}

/** kernel, stride and padding of a 2-D pooling window. */
function poolWindow(c: ImportCtx): Record<string, ParamValue> {
  const k = c.a.ints("kernel_shape", []);
  if (k.length !== 2)
    throw new ImportUnsupported(`only 2-D pooling maps to a block, got kernel_shape [${k}]`);
  if (c.a.int("ceil_mode", 0)) throw new ImportUnsupported("ceil_mode=1 (wiregrad rounds output sizes down)");
  if (c.a.ints("dilations", [1, 1]).some((d) => d !== 1)) throw new ImportUnsupported("dilated pooling");
  if (c.used(1)) throw new ImportUnsupported("its Indices output is used");
  // ONNX's stride defaults to 1, PyTorch's (None) to the kernel: written as null when it is the kernel.
  const stride = c.a.ints("strides", [1, 1]);
  const padding = symmetricPads(c);
  const sameAsKernel = stride[0] === k[0] && stride[1] === k[1];
  return {
    kernel_size: pairParam(k),
    stride: sameAsKernel ? null : pairParam(stride),
    padding: pairParam(padding),
  };
}

/** A float attribute as the shortest decimal of its float32 (1e-5, not 9.99999974e-6). */
function f32(x: number): number {
  return shortestFloat32(x);
}

/** x @ W followed by "+ b" with a constant b: the Add to fold into the Linear, if there is one. */
function foldableAdd(c: ImportCtx, n: number): { add: ImportCtx["node"]; bias: ConstTensor } | undefined {
  const y = c.node.output?.[0];
  if (!y || c.s.graphOutputs.has(y)) return undefined;
  const readers = c.s.consumers.get(y) ?? [];
  if (readers.length !== 1 || readers[0].opType !== "Add") return undefined;
  const other = readers[0].input?.find((v) => v !== y);
  const b = other ? c.s.consts.get(other) : undefined;
  if (!b) return undefined;
  try {
    return { add: readers[0], bias: biasVector(b, n, "bias") };
  } catch {
    return undefined;
  }
}

export const layerImporters: Record<string, Importer> = {
  Gemm(c) {
    if (c.a.int("transA", 0)) throw new ImportUnsupported("transA=1 has no Linear counterpart");
    const B = c.constant(1, "weight B");
    if (B.shape.length !== 2) throw new ImportUnsupported(`its weight B has shape [${B.shape}], not 2-D`);
    // Linear's weight is [out, in]: what Gemm reads with transB=1.
    const w = scaled(c.a.int("transB", 0) ? B : transpose2d(B), c.a.float("alpha", 1));
    const n = w.shape[0];
    const C = c.in(2)
      ? biasVector(scaled(c.constant(2, "bias C"), c.a.float("beta", 1)), n, "bias C")
      : undefined;
    const params = { out_features: n, ...(C ? {} : { bias: false }) };
    const id = c.block("Linear", params, { in: c.need(0, "A") }, C ? { weight: w, bias: C } : { weight: w });
    c.produce(0, id, "out", 2);
  },
  MatMul(c) {
    const [a, b] = [c.need(0, "A"), c.need(1, "B")];
    const W = c.s.consts.get(b);
    if (W?.shape.length !== 2 || c.s.consts.has(a)) {
      const id = c.block("MatMul", {}, { a, b });
      const [ra, rb] = [c.s.rank(a), c.s.rank(b)];
      // torch.matmul drops the dim a vector operand was promoted by.
      const rank = ra && rb ? Math.max(ra, rb) - (ra === 1 || rb === 1 ? 1 : 0) : undefined;
      c.produce(0, id, "out", rank);
      return;
    }
    // x @ W (+ b) is a Linear whose weight is Wᵀ.
    const n = W.shape[1];
    const fold = foldableAdd(c, n);
    const weights = { weight: transpose2d(W), ...(fold ? { bias: fold.bias } : {}) };
    const id = c.block("Linear", { out_features: n, ...(fold ? {} : { bias: false }) }, { in: a }, weights);
    const ref = { node: id, port: "out", rank: c.s.rank(a) };
    if (!fold) return c.alias(0, ref);
    c.s.fused.add(fold.add);
    c.s.values.set(fold.add.output![0], ref);
  },
  Conv(c) {
    const W = c.constant(1, "weight W");
    if (W.shape.length !== 4)
      throw new ImportUnsupported(`only 2-D convolutions map to Conv2d, got W [${W.shape}]`);
    if (c.a.int("group", 1) !== 1)
      throw new ImportUnsupported(`group=${c.a.int("group", 1)} (grouped convolution)`);
    const [o, , kh, kw] = W.shape;
    const params: Record<string, ParamValue> = {
      out_channels: o,
      kernel_size: pairParam([kh, kw]),
      stride: pairParam(c.a.ints("strides", [1, 1])),
      padding: pairParam(symmetricPads(c)),
      dilation: pairParam(c.a.ints("dilations", [1, 1])),
    };
    const B = c.in(2) ? c.constant(2, "bias B") : undefined;
    if (!B) params.bias = false;
    const id = c.block("Conv2d", params, { in: c.need(0, "X") }, B ? { weight: W, bias: B } : { weight: W });
    c.produce(0, id, "out", 4);
  },
  MaxPool(c) {
    const id = c.block("MaxPool2d", poolWindow(c), { in: c.need(0, "X") });
    c.produce(0, id, "out", 4);
  },
  AveragePool(c) {
    const params = poolWindow(c);
    const padded = c.a.ints("pads", [0, 0, 0, 0]).some((p) => p !== 0);
    // Without padding both conventions divide by the kernel size; with it only count_include_pad=1 is ours.
    if (padded && !c.a.int("count_include_pad", 0)) {
      throw new ImportUnsupported("count_include_pad=0 with padding (AvgPool2d counts the padding)");
    }
    const id = c.block("AvgPool2d", params, { in: c.need(0, "X") });
    c.produce(0, id, "out", 4);
  },
  Flatten(c) {
    const x = c.need(0, "input");
    const r = c.s.rank(x);
    const ax = c.a.int("axis", 1);
    const axis = ax < 0 && r !== undefined ? ax + r : ax;
    if (axis !== 1)
      throw new ImportUnsupported(`axis=${ax} merges the batch dim (only axis=1 maps to Flatten)`);
    c.produce(0, c.block("Flatten", {}, { in: x }), "out", 2);
  },
  Reshape(c) {
    const shape = Array.from(c.constant(1, "shape").data);
    const [first, ...rest] = shape;
    if (first > 0)
      throw new ImportUnsupported(`it fixes the batch size to ${first} (Reshape keeps the batch)`);
    if (first === -1 && rest.includes(-1)) throw new ImportUnsupported(`shape [${shape}] has two −1`);
    if (rest.includes(0))
      throw new ImportUnsupported(`shape [${shape}] copies a dim other than the batch (0)`);
    c.produce(0, c.block("Reshape", { shape: rest }, { in: c.need(0, "data") }), "out", shape.length);
  },
  BatchNormalization(c) {
    if (c.a.int("training_mode", 0)) throw new ImportUnsupported("training_mode=1");
    if (c.used(1) || c.used(2)) throw new ImportUnsupported("its running-statistics outputs are used");
    const x = c.need(0, "X");
    const r = c.s.rank(x);
    const type = r === 4 ? "BatchNorm2d" : r === 2 || r === 3 ? "BatchNorm1d" : undefined;
    if (!type)
      throw new ImportUnsupported(
        `its input has rank ${r ?? "unknown"}, not 2, 3 (BatchNorm1d) or 4 (BatchNorm2d)`,
      );
    const weights = {
      weight: c.constant(1, "scale"),
      bias: c.constant(2, "B"),
      running_mean: c.constant(3, "input_mean"),
      running_var: c.constant(4, "input_var"),
    };
    // ONNX's momentum weighs the running value, PyTorch's the batch: m ↦ 1 − m.
    const momentum = f32(1 - f32(c.a.float("momentum", 0.9)));
    const params = { eps: f32(c.a.float("epsilon", 1e-5)), momentum };
    c.produce(0, c.block(type, params, { in: x }, weights), "out", r);
  },
  Dropout(c) {
    if (c.used(1)) throw new ImportUnsupported("its mask output is used");
    // Opset 12 moved the ratio from an attribute to an optional input.
    const ratio =
      c.s.opset >= 12 ? (c.in(1) ? c.constant(1, "ratio").data[0] : 0.5) : c.a.float("ratio", 0.5);
    const x = c.need(0, "data");
    c.produce(0, c.block("Dropout", { p: f32(ratio) }, { in: x }), "out", c.s.rank(x));
  },
};
