import { describe, expect, it } from "vitest";
import { acquireGpu, GpuRuntime } from "../../src/backends/webgpu";
import { planProgram } from "../../src/backends/webgpu/plan";
import { libraryKernels } from "../../src/backends/webgpu/prewarm";
import { analyze } from "../../src/compile/analyze";
import { buildTrainProgram } from "../../src/compile/program";
import { IRBuilder } from "../../src/ir/builder";
import { loadPreset, withParams } from "../presets/helpers";
import { requireGpu } from "./gpu";

// The quick tier's library kernels are compiled when a runtime opens (GpuRuntime.prewarm).
// That only helps if their text is exactly what a real graph's plan asks for, so a change to
// a generator that made them drift apart must fail here.

/** mnist-mlp's training step with 128 hidden units at batch 128, planned as on a software adapter. */
function mnistPlan() {
  const doc = withParams(loadPreset("mnist-mlp"), "fc1", { out_features: 128 });
  const p = buildTrainProgram(doc, 128, analyze(doc));
  const outputs = [p.loss!, ...p.updates.values()];
  return {
    p,
    outputs,
    plan: planProgram(p.nodes, outputs, { fuse: true, maxInputs: 7, updates: p.updates, software: true }),
  };
}

describe("library kernels compiled ahead (prewarm)", () => {
  it("are what a real graph's quick tier asks for: tiled matmul, B's copy, row max and sum", () => {
    const lib = libraryKernels(7);
    expect(new Set(lib.map((k) => k.code)).size).toBe(lib.length);
    for (const k of lib) expect(k.dims?.length).toBeGreaterThan(0);
    // The matmul's is its warm tier (KernelSpec.warm), the others' their quick one.
    const quick = new Set(mnistPlan().plan.kernels.map((k) => (k.warm ?? k.quick ?? k).code));
    const hits = lib.filter((k) => quick.has(k.code)).map((k) => k.label.replace(/^%-?\d+ /, ""));
    expect(hits).toEqual(
      expect.arrayContaining(["matmul: B made contiguous", "matmul", "reduce_max", "sum"]),
    );
  });

  it("on a software runtime, compiles them once, and a graph then compiles that many fewer", async () => {
    await requireGpu();
    // A Linear layer with ReLU, a softmax's row max and sum, and a bias gradient's column sum.
    const b = new IRBuilder();
    const h = b
      .input("x", [128, 784])
      .matmul(b.input("w", [128, 784]).transpose([1, 0]))
      .relu();
    const z = h.sub(h.reduceMax(1, true)).exp().sum(1);
    const outputs = [z.id, h.sum(0).id];
    const compiles = async (prewarm: boolean) => {
      const rt = await GpuRuntime.create({ ...(await acquireGpu()), software: true });
      try {
        if (prewarm) {
          await Promise.all([rt.prewarm(), rt.prewarm()]);
          expect(rt.cache.stats.compiled).toBe(libraryKernels(rt.maxInputs).length);
        }
        const before = rt.cache.stats.compiled;
        const prog = await rt.compile({ nodes: b.nodes, outputs, path: "planned", tierUp: "manual" });
        prog.destroy();
        return rt.cache.stats.compiled - before;
      } finally {
        rt.destroy();
      }
    };
    const cold = await compiles(false);
    const warm = await compiles(true);
    // The copy of Wᵀ, the tiled product, the row max and the (row and column) sums.
    expect(cold - warm).toBe(4);
  });

  it("a product starts on the warm tier when it is in, with the quick tier's results bit for bit", async () => {
    await requireGpu();
    const b = new IRBuilder();
    const [m, k, n] = [96, 130, 72];
    const z = b.input("a", [m, k]).matmul(b.input("w", [k, n]));
    const r = (len: number, s: number) => Float32Array.from({ length: len }, (_, i) => Math.sin(i * s) * 0.5);
    const feeds = { a: r(m * k, 0.37), w: r(k * n, 0.11) };
    const run = async (prewarm: boolean) => {
      // A device of its own each time (destroying a runtime destroys its device).
      const rt = await GpuRuntime.create({ ...(await acquireGpu()), software: true });
      try {
        if (prewarm) await rt.prewarm();
        const p = await rt.compile({ nodes: b.nodes, outputs: [z.id], path: "planned", tierUp: "manual" });
        const spec = p.plan.kernels.find((s) => s.warm)!;
        const [out] = await p.run(feeds, { seed: 0, step: 0 }, [z.id]);
        const tiers = { quick: !!rt.cache.compiled(spec.quick!), warm: !!rt.cache.compiled(spec.warm!) };
        const onFull = p.quickDispatches === 0;
        await p.tieredUp;
        const [full] = await p.run(feeds, { seed: 0, step: 1 }, [z.id]);
        return { out: Array.from(out), full: Array.from(full), tiers, onFull };
      } finally {
        rt.destroy();
      }
    };
    const cold = await run(false);
    const warm = await run(true);
    expect(cold.tiers).toEqual({ quick: true, warm: false });
    expect(warm.tiers).toEqual({ quick: false, warm: true });
    expect([cold.onFull, warm.onFull]).toEqual([false, false]);
    expect(warm.out.some((v) => v !== 0)).toBe(true);
    expect(warm.out).toEqual(cold.out);
    expect(warm.full).toEqual(cold.out);
  });

  it("does nothing on an adapter that starts on full kernels", async () => {
    await requireGpu();
    const rt = await GpuRuntime.create({ ...(await acquireGpu()), software: false });
    try {
      await rt.prewarm();
      expect(rt.cache.stats.compiled).toBe(0);
    } finally {
      rt.destroy();
    }
  });
});
