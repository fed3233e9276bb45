import { describe, expect, it } from "vitest";
import { executeCpu } from "../../src/backends/cpu/executor";
import { acquireGpu, GpuRuntime } from "../../src/backends/webgpu";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { IRBuilder } from "../../src/ir/builder";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { loadPreset } from "../presets/helpers";
import { requireGpu } from "./gpu";

// Tiered compilation: a matmul whose full (8×8 register-tiled) kernel is slow to compile
// starts on its quick 4×4 sibling and swaps when the full pipeline is ready. The swap must
// not change a single bit, must happen, and a warm cache must skip the quick tier.

/** A fresh device (a cold pipeline cache) planned as a software adapter, whatever this one is. */
async function coldSoftwareRuntime(): Promise<GpuRuntime> {
  await requireGpu(); // fails with the install hint when there is no adapter
  const ctx = await acquireGpu();
  return GpuRuntime.create({ ...ctx, software: true });
}

function program() {
  const b = new IRBuilder();
  // m, n ≥ 32 take the tiled kernel; k = 70 leaves a tail after its 4-step unrolled loop.
  const z = b
    .input("a", [96, 70])
    .matmul(b.input("w", [70, 80]))
    .tanh();
  const r = (n: number, s: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * s) * 0.5);
  return { nodes: b.nodes, z: z.id, feeds: { a: r(96 * 70, 0.37), w: r(70 * 80, 0.11) } };
}

describe("tiered compilation", () => {
  it("runs the quick tier first, then the full kernel, with bit-identical results", async () => {
    const rt = await coldSoftwareRuntime();
    try {
      const { nodes, z, feeds } = program();
      const p = await rt.compile({ nodes, outputs: [z], path: "planned" });
      // The matmul's 4×4 kernel, and the shape-generic text of the tanh (wgsl/elementwise.ts).
      expect(p.plan.kernels.filter((k) => k.quick).length).toBe(2);
      expect(p.quickDispatches).toBe(2);
      const [before] = await p.run(feeds, { seed: 0, step: 0 }, [z]);
      await p.tieredUp;
      expect(p.tierFailures).toEqual([]);
      expect(p.quickDispatches).toBe(0);
      const [after] = await p.run(feeds, { seed: 0, step: 1 }, [z]);
      expect(after.some((v) => v !== 0)).toBe(true);
      expect(Array.from(after)).toEqual(Array.from(before));

      // Compiled once, the full kernel is what the next program of these shapes starts on.
      const again = await rt.compile({ nodes, outputs: [z], path: "planned" });
      expect(again.quickDispatches).toBe(0);
      const [warm] = await again.run(feeds, { seed: 0, step: 0 }, [z]);
      expect(Array.from(warm)).toEqual(Array.from(before));
    } finally {
      rt.destroy();
    }
  });

  it("a product past 2^24 fmas tiers up to the 16×8 block, bit-identical, and agrees with the CPU", async () => {
    const rt = await coldSoftwareRuntime();
    try {
      const b = new IRBuilder();
      // 200×700·700×136 = 19 M fmas: rows end mid-block (200 = 12·16 + 8), columns mid-workgroup.
      const [m, k, n] = [200, 700, 136];
      const z = b.input("a", [m, k]).matmul(b.input("w", [k, n]));
      const r = (len: number, s: number) =>
        Float32Array.from({ length: len }, (_, i) => Math.sin(i * s) * 0.5);
      const feeds = { a: r(m * k, 0.37), w: r(k * n, 0.11) };
      const small = b.input("c", [64, 64]).matmul(b.input("d", [64, 64]));
      const p = await rt.compile({ nodes: b.nodes, outputs: [z.id, small.id], path: "planned" });
      const full = p.plan.kernels.filter((kern) => kern.quick);
      // 16 rows of two vec4 accumulators for the big product; 8 rows for the small one.
      expect(full.map((kern) => kern.code.includes("acc15_1"))).toEqual([true, false]);
      const cFeeds = { ...feeds, c: r(64 * 64, 0.2), d: r(64 * 64, 0.3) };
      const [before] = await p.run(cFeeds, { seed: 0, step: 0 }, [z.id]);
      await p.tieredUp;
      expect(p.tierFailures).toEqual([]);
      expect(p.quickDispatches).toBe(0);
      const [after] = await p.run(cFeeds, { seed: 0, step: 1 }, [z.id]);
      expect(Array.from(after)).toEqual(Array.from(before));
      // f32 fma over k = 700 terms of size ≤ 0.25 against the CPU's double sums: a few ulps of ~10.
      const [cpu] = executeCpu(b.nodes, [z.id], {
        dtype: "f32",
        feeds: cFeeds,
        variables: {},
        seed: 0,
        step: 0,
      });
      let worst = 0;
      for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(after[i] - Number(cpu[i])));
      expect(worst).toBeLessThan(1e-4);
      expect(Array.from(after).some((v) => v !== 0)).toBe(true);
    } finally {
      rt.destroy();
    }
  });

  it("with tierUp 'manual' a run does not start tier-up; asking for tieredUp does", async () => {
    const rt = await coldSoftwareRuntime();
    try {
      const { nodes, z, feeds } = program();
      const p = await rt.compile({ nodes, outputs: [z], path: "planned", tierUp: "manual" });
      const compiled = rt.cache.stats.compiled;
      const [before] = await p.run(feeds, { seed: 0, step: 0 }, [z]);
      // Long enough for the default tier-up to have requested its kernels (it starts once
      // the run's work is done).
      await new Promise((r) => setTimeout(r, 200));
      expect(p.quickDispatches).toBe(2);
      expect(rt.cache.stats.compiled).toBe(compiled);
      await p.tieredUp;
      expect(p.quickDispatches).toBe(0);
      expect(rt.cache.stats.compiled).toBe(compiled + 2);
      const [after] = await p.run(feeds, { seed: 0, step: 1 }, [z]);
      expect(Array.from(after)).toEqual(Array.from(before));
    } finally {
      rt.destroy();
    }
  });

  it("a training session tiers up after its first step's log, not before", async () => {
    const rt = await coldSoftwareRuntime();
    try {
      const s = await GpuTrainSession.create(loadPreset("spiral-mlp"), nodeDatasetLoader, {
        runtime: rt,
        path: "planned",
      });
      try {
        const quick = s.stats.quickDispatches;
        expect(quick).toBeGreaterThan(0);
        const compiled = rt.cache.stats.compiled;
        await s.trainStep();
        // The log is out and no full-tier kernel was requested before it.
        expect(rt.cache.stats.compiled).toBe(compiled);
        await expect.poll(() => s.stats.quickDispatches, { timeout: 30_000 }).toBe(0);
        expect(rt.cache.stats.compiled).toBeGreaterThan(compiled);
      } finally {
        s.destroy();
      }
    } finally {
      rt.destroy();
    }
  });

  it("a hardware adapter's kernels have no quick tier", async () => {
    const ctx = await acquireGpu();
    const rt = await GpuRuntime.create({ ...ctx, software: false });
    try {
      const { nodes, z } = program();
      const p = await rt.compile({ nodes, outputs: [z], path: "planned" });
      expect(p.quickDispatches).toBe(0);
      await p.tieredUp;
      expect(p.quickDispatches).toBe(0);
    } finally {
      rt.destroy();
    }
  });

  it("a software adapter's elementwise kernels compute four elements per thread, bit-identical to one", async () => {
    const ctx = await acquireGpu();
    const soft = await GpuRuntime.create({ ...ctx, software: true });
    const hard = await GpuRuntime.create({ ...ctx, software: false });
    try {
      const b = new IRBuilder();
      // 1,001 elements: the last thread's four end past the tensor (the tail loop); a bias
      // broadcast along rows (a strided leaf) and a random stream indexed per element.
      const x = b.input("x", [77, 13]);
      const noise = b.random([77, 13], "uniform");
      const z = x
        .add(b.input("bias", [13]))
        .tanh()
        .mul(noise)
        .add(x.mul(x));
      const r = (n: number, s: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * s) * 0.9);
      const feeds = { x: r(77 * 13, 0.37), bias: r(13, 1.3) };
      const run = async (rt: GpuRuntime) => {
        const p = await rt.compile({ nodes: b.nodes, outputs: [z.id], path: "planned" });
        await p.tieredUp;
        const texts = p.plan.kernels.map((k) => k.code);
        const [out] = await p.run(feeds, { seed: 5, step: 3 }, [z.id]);
        return { texts, out: Array.from(out) };
      };
      const s = await run(soft);
      const h = await run(hard);
      expect(s.texts.some((t) => t.includes("fn elem(i: u32)") && t.includes("elem(e + 3u)"))).toBe(true);
      expect(h.texts.some((t) => t.includes("fn elem("))).toBe(false);
      expect(s.out.some((v) => v !== 0)).toBe(true);
      expect(s.out).toEqual(h.out);
    } finally {
      soft.destroy();
      hard.destroy();
    }
  });
});
