import { describe, expect, it } from "vitest";
import { blocks } from "../../nodes";
import { executeCpu } from "../../src/backends/cpu/executor";
import { lowerBlock } from "../../src/compile/lowerBlock";
import { resolveParams } from "../../src/compile/params";
import { IRBuilder, type Tensor } from "../../src/ir/builder";

// What the generated block tests cannot see: eval mode, the running statistics written by
// batch norm, and the adjoint relation between Conv2d and ConvTranspose2d.

interface Lowered {
  out: number[];
  state: Record<string, number[]>;
}

/** Lower one block on fixed values and run it in Float64. */
function runBlock(
  type: string,
  rawParams: Record<string, unknown>,
  x: { shape: number[]; data: number[] },
  weights: Record<string, { shape: number[]; data: number[] }>,
  mode: "train" | "eval",
): Lowered {
  const def = blocks[type];
  const { params, problems } = resolveParams(def, rawParams);
  expect(problems).toEqual([]);
  const b = new IRBuilder();
  const w: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(weights)) w[k] = b.variable(k, v.shape);
  const state: Record<string, Tensor> = {};
  const outs = lowerBlock(
    b,
    def,
    "n",
    params,
    { in: b.input("x", x.shape) },
    w,
    { mode, batch: x.shape[0] },
    {
      feed: () => {
        throw new Error("no feeds here");
      },
      setState: (_node, name, v) => {
        state[name] = v;
      },
      weightsOf: () => w,
      metric: () => {},
    },
  );
  const names = Object.keys(state);
  const vals = executeCpu(b.nodes, [outs.out.id, ...names.map((n) => state[n].id)], {
    dtype: "f64",
    feeds: { x: Float64Array.from(x.data) },
    variables: Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, Float64Array.from(v.data)])),
    seed: 1,
    step: 0,
  });
  return {
    out: Array.from(vals[0]),
    state: Object.fromEntries(names.map((n, i) => [n, Array.from(vals[i + 1])])),
  };
}

const bnWeights = (c: number, mean: number[], variance: number[]) => ({
  weight: { shape: [c], data: Array(c).fill(1) },
  bias: { shape: [c], data: Array(c).fill(0) },
  running_mean: { shape: [c], data: mean },
  running_var: { shape: [c], data: variance },
});

describe("BatchNorm running statistics", () => {
  // One channel, x = 1, 2, 3, 6: mean 3, biased variance 14/4, unbiased 14/3.
  const x = { shape: [4, 1], data: [1, 2, 3, 6] };

  it("train mode normalises with the batch's biased variance", () => {
    const { out } = runBlock("BatchNorm1d", {}, x, bnWeights(1, [0], [1]), "train");
    const sd = Math.sqrt(14 / 4 + 1e-5);
    out.forEach((v, i) => {
      expect(v).toBeCloseTo((x.data[i] - 3) / sd, 12);
    });
  });

  it("train mode writes PyTorch's update, with the unbiased variance", () => {
    const { state } = runBlock("BatchNorm1d", { momentum: 0.25 }, x, bnWeights(1, [1], [2]), "train");
    expect(state.running_mean[0]).toBeCloseTo(0.75 * 1 + 0.25 * 3, 12);
    expect(state.running_var[0]).toBeCloseTo(0.75 * 2 + (0.25 * 14) / 3, 12);
  });

  it("eval mode uses the running statistics and writes none", () => {
    const { out, state } = runBlock("BatchNorm1d", {}, x, bnWeights(1, [2], [4]), "eval");
    expect(state).toEqual({});
    out.forEach((v, i) => {
      expect(v).toBeCloseTo((x.data[i] - 2) / Math.sqrt(4 + 1e-5), 12);
    });
  });

  it("BatchNorm2d reduces over batch, height and width per channel", () => {
    // Channel 0 holds 0…7, channel 1 holds 10× that, over B = 2 and 2×2 pixels.
    const data = [0, 1, 2, 3, 0, 10, 20, 30, 4, 5, 6, 7, 40, 50, 60, 70];
    const { state } = runBlock(
      "BatchNorm2d",
      { momentum: 1 },
      { shape: [2, 2, 2, 2], data },
      bnWeights(2, [0, 0], [1, 1]),
      "train",
    );
    expect(state.running_mean).toEqual([3.5, 35]);
    // Unbiased variance of 0…7 is 6; ×10 scales it by 100.
    expect(state.running_var[0]).toBeCloseTo(6, 12);
    expect(state.running_var[1]).toBeCloseTo(600, 10);
  });
});

describe("Dropout", () => {
  const x = { shape: [10, 10], data: Array.from({ length: 100 }, (_, i) => i + 1) };

  it("is the identity in eval mode", () => {
    expect(runBlock("Dropout", { p: 0.5 }, x, {}, "eval").out).toEqual(x.data);
  });

  it("keeps x/(1−p) or zero in train mode, dropping some of each", () => {
    const { out } = runBlock("Dropout", { p: 0.25 }, x, {}, "train");
    const kept = out.filter((v, i) => {
      if (v === 0) return false;
      expect(v).toBeCloseTo(x.data[i] / 0.75, 12);
      return true;
    });
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.length).toBeLessThan(100);
  });
});

describe("ConvTranspose2d is the adjoint of Conv2d", () => {
  // <conv(x), y> = <x, convT(y)> when both use the same weight [O, C, kh, kw] (ConvTranspose2d
  // reads it as [in = O, out = C, kh, kw]) and the same stride, padding and dilation.
  it.each([
    { kernel_size: 3, stride: 2, padding: 1, output_padding: 0, h: 5 },
    { kernel_size: 3, stride: 2, padding: 1, output_padding: 1, h: 6 },
    { kernel_size: 2, stride: 1, padding: 1, output_padding: 0, h: 4, dilation: 2 },
  ])("%o", ({ h, output_padding, ...win }) => {
    const c = 2;
    const o = 3;
    const wave = (n: number, f: number) => Array.from({ length: n }, (_, i) => Math.sin(f * (i + 1)));
    const k = win.kernel_size;
    const weight = { shape: [o, c, k, k], data: wave(o * c * k * k, 0.7) };
    const x = { shape: [1, c, h, h], data: wave(c * h * h, 1.3) };
    const conv = runBlock("Conv2d", { out_channels: o, bias: false, ...win }, x, { weight }, "train").out;
    const ho = Math.sqrt(conv.length / o);
    const y = { shape: [1, o, ho, ho], data: wave(conv.length, 0.9) };
    const back = runBlock(
      "ConvTranspose2d",
      { out_channels: c, bias: false, output_padding, ...win },
      y,
      { weight },
      "train",
    ).out;
    expect(back.length).toBe(x.data.length);
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(dot(conv, y.data)).toBeCloseTo(dot(x.data, back), 12);
  });
});
