import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnyBlock } from "../../nodes";
import { Conv2d } from "../../nodes/Conv2d";
import { MaxPool2d } from "../../nodes/MaxPool2d";
import type { ParamValue } from "../../nodes/types";
import { grad } from "../../src/autodiff/grad";
import { executeCpu } from "../../src/backends/cpu/executor";
import { acquireGpu, GpuRuntime } from "../../src/backends/webgpu";
import { planProgram } from "../../src/backends/webgpu/plan";
import { lowerBlock } from "../../src/compile/lowerBlock";
import { IRBuilder, type Tensor } from "../../src/ir/builder";
import { SeededRandom } from "../../src/ir/rng";
import { diff, requireGpu } from "./gpu";
import { dot } from "./primCases";

// Conv2d and MaxPool2d as the blocks lower them, forward and gradient, on WebGPU with the
// planner's window patterns (windowFuse.ts) against the CPU executor and against the same
// plan with the patterns off. Each case first checks that the patterns it is meant to
// exercise did replace the im2col kernels, so a pattern that stops matching fails here.

type Layer = { block: AnyBlock; params: Record<string, ParamValue> } | "relu";
const conv = (p: Record<string, ParamValue>): Layer => ({
  block: Conv2d as AnyBlock,
  params: { out_channels: 2, kernel_size: 3, stride: 1, padding: 0, dilation: 1, bias: true, ...p },
});
const pool = (p: Record<string, ParamValue>): Layer => ({
  block: MaxPool2d as AnyBlock,
  params: { kernel_size: 2, stride: null, padding: 0, ...p },
});

interface WindowCase {
  note: string;
  x: number[];
  layers: Layer[];
  /** Inputs drawn from a few integers, so pooling windows hold ties. */
  ties?: boolean;
  /** Kernel labels the fused plan must contain (windowFuse.ts names them). */
  expect: string[];
  /** Terms of the longest dot product (the tolerance against the CPU). */
  k: number;
}

const CASES: WindowCase[] = [
  {
    note: "conv → ReLU → pool, batch 2, 3 channels, odd sizes",
    x: [2, 3, 9, 8],
    layers: [conv({ out_channels: 4 }), "relu", pool({})],
    expect: [
      "taps along k",
      "taps along n",
      "max pool of",
      "max pool gradient",
      "convolution input gradient",
    ],
    k: 2 * 7 * 6,
  },
  {
    note: "rectangular kernel, stride, padding and dilation",
    x: [3, 2, 7, 9],
    layers: [
      conv({ out_channels: 5, kernel_size: [3, 2], stride: [2, 1], padding: [1, 2], dilation: [1, 2] }),
    ],
    expect: ["taps along k", "taps along n", "convolution input gradient"],
    k: 3 * 4 * 12,
  },
  {
    note: "9 channels (a partial channel block), stride 2, then overlapping 3×3 pooling with padding",
    x: [2, 9, 10, 11],
    layers: [
      conv({ out_channels: 3, kernel_size: 2, stride: 2 }),
      pool({ kernel_size: 3, stride: 2, padding: 1 }),
    ],
    ties: true,
    expect: [
      "taps along k",
      "taps along n",
      "max pool of",
      "max pool gradient",
      "convolution input gradient",
    ],
    k: 2 * 5 * 5,
  },
  {
    note: "pooling with ties: 2×2 windows leaving a row and a column uncovered",
    x: [2, 3, 7, 7],
    layers: [pool({})],
    ties: true,
    expect: ["max pool of", "max pool gradient"],
    k: 1,
  },
  {
    note: "pooling windows with gaps (stride 3), then a rectangular window with padding",
    x: [1, 2, 8, 9],
    layers: [
      pool({ kernel_size: 2, stride: 3 }),
      pool({ kernel_size: [1, 2], stride: [1, 2], padding: [0, 1] }),
    ],
    ties: true,
    expect: ["max pool of", "max pool gradient"],
    k: 1,
  },
  {
    note: "disjoint 3×3 windows with padding (visited in loops, not unrolled)",
    x: [2, 2, 8, 9],
    layers: [pool({ kernel_size: 3, stride: 3, padding: 1 })],
    ties: true,
    expect: ["max pool of", "max pool gradient"],
    k: 1,
  },
  {
    note: "the benchmark's CNN in small: conv → ReLU → pool → conv → ReLU → pool",
    x: [3, 1, 16, 16],
    layers: [
      conv({ out_channels: 4, kernel_size: 5 }),
      "relu",
      pool({}),
      conv({ out_channels: 6, kernel_size: 3 }),
      "relu",
      pool({}),
    ],
    expect: [
      "taps along k",
      "taps along n",
      "max pool of",
      "max pool gradient",
      "convolution input gradient",
    ],
    k: 3 * 10 * 10,
  },
];

/** The case's graph: the layers, a weighted sum of the result, its gradients wrt x and every weight. */
function build(c: WindowCase) {
  const b = new IRBuilder();
  const rng = new SeededRandom(11, 3);
  const feeds: Record<string, Float32Array> = {};
  const feed = (name: string, shape: number[], scale = 1) => {
    const n = shape.reduce((p, d) => p * d, 1);
    feeds[name] = Float32Array.from({ length: n }, () =>
      c.ties ? Math.floor(rng.uniform() * 3) : scale * rng.normal(),
    );
    return b.input(name, shape);
  };
  const x = feed("x", c.x);
  const wrt: Tensor[] = [x];
  let y = x;
  c.layers.forEach((l, i) => {
    if (l === "relu") {
      y = y.relu();
      return;
    }
    const weights: Record<string, Tensor> = {};
    const specs = l.block.weights?.({ params: l.params, inputs: { in: [...y.shape] } } as never) ?? {};
    for (const [name, s] of Object.entries(specs)) {
      weights[name] = feed(`l${i}.${name}`, s.shape, 0.5);
      wrt.push(weights[name]);
    }
    const none = () => {
      throw new Error("not used");
    };
    const hooks = { feed: none, setState: none, weightsOf: none, metric: none };
    y = lowerBlock(
      b,
      l.block,
      `l${i}`,
      l.params,
      { in: y },
      weights,
      { mode: "train", batch: c.x[0] },
      hooks,
    ).out;
  });
  const n = y.shape.reduce((p, d) => p * d, 1);
  const r = b.constant(
    Float32Array.from({ length: n }, () => rng.normal()),
    [...y.shape],
  );
  const grads = grad(b, y.mul(r).sum(), wrt);
  const convolves = c.layers.some((l) => l !== "relu" && l.block === Conv2d);
  return { nodes: b.nodes, outs: [y.id, ...grads.map((g) => g.id)], feeds, convolves };
}

// Planned as a software adapter whatever this one is, so the convolution kernels come with
// their quick compile tier and both tiers are checked.
let software: Promise<GpuRuntime> | undefined;
let rt: GpuRuntime;
// Per test, not per file: with no adapter every test must fail (a failing beforeAll reports them skipped).
beforeEach(async () => {
  await requireGpu(); // fails with the install hint when there is no adapter
  software ??= acquireGpu().then((ctx) => GpuRuntime.create({ ...ctx, software: true }));
  rt = await software;
});
afterEach(() => {
  delete process.env.WIREGRAD_WINDOW_FUSION;
});
afterAll(async () => {
  (await software)?.destroy();
});

/** The outputs, first from whatever tier each kernel starts on and then from the full tier. */
async function runGpu(s: ReturnType<typeof build>, fused: boolean): Promise<Float32Array[][]> {
  process.env.WIREGRAD_WINDOW_FUSION = fused ? "1" : "0";
  const p = await rt.compile({ nodes: s.nodes, outputs: s.outs, path: "planned" });
  // Each case's shapes are new to the cache: convolutions start on their quick tier.
  if (fused && s.convolves) expect(p.quickDispatches).toBeGreaterThan(0);
  const first = await p.run(s.feeds, { seed: 1, step: 0 }, s.outs);
  await p.tieredUp;
  expect(p.tierFailures).toEqual([]);
  const full = await p.run(s.feeds, { seed: 1, step: 0 }, s.outs);
  p.destroy();
  return [first, full].map((outs) => outs.map((o) => Float32Array.from(o)));
}

describe("convolution and pooling without im2col (windowFuse.ts)", () => {
  for (const c of CASES) {
    it(c.note, async () => {
      const s = build(c);
      const labels = planProgram(s.nodes, s.outs, { software: true }).kernels.map((k) => k.label);
      for (const want of c.expect)
        expect(
          labels.some((l) => l.includes(want)),
          `${want} in ${labels}`,
        ).toBe(true);
      expect(labels.filter((l) => / (un)?fold$/.test(l))).toEqual([]);

      const cpu = executeCpu(s.nodes, s.outs, {
        dtype: "f32",
        feeds: s.feeds,
        variables: {},
        seed: 1,
        step: 0,
      });
      const [quick, fused] = await runGpu(s, true);
      const [plain] = await runGpu(s, false);
      const tol = dot(c.k);
      fused.forEach((got, i) => {
        expect(Array.from(quick[i]), `output ${i}: quick vs full tier`).toEqual(Array.from(got));
        // The fused kernels do the same f32 operations in the same order as the kernels they replace.
        expect(Array.from(got), `output ${i}: fused vs unfused plan`).toEqual(Array.from(plain[i]));
        const d = diff(got, cpu[i]);
        expect(d.normUlps, `output ${i} vs CPU: ${JSON.stringify(d.worst)}; ${tol.why}`).toBeLessThanOrEqual(
          tol.grad,
        );
      });
    });
  }
});
