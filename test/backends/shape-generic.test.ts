import { describe, expect, it } from "vitest";
import { executeCpu } from "../../src/backends/cpu/executor";
import { acquireGpu, GpuRuntime } from "../../src/backends/webgpu";
import { PlannedProgram } from "../../src/backends/webgpu/executor";
import { planProgram } from "../../src/backends/webgpu/plan";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { IRBuilder, type Tensor } from "../../src/ir/builder";
import { size } from "../../src/ir/shape";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { loadPreset } from "../presets/helpers";
import { diff, requireGpu } from "./gpu";

// Shape-generic kernels: kernels equal but for their sizes read them from a `dims` uniform,
// so they share one WGSL text and one pipeline; each still agrees with the CPU executor.
// And overlapped compiles: a program's first run can start before its last pipeline is in.

/** A fresh device (a cold pipeline cache) planned as a software adapter, whatever this one is. */
async function coldSoftwareRuntime(): Promise<GpuRuntime> {
  await requireGpu(); // fails with the install hint when there is no adapter
  const ctx = await acquireGpu();
  return GpuRuntime.create({ ...ctx, software: true });
}

const values = (n: number, s: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * s) * 0.5);

/** The same kinds of kernel twice, at two sizes each, as one program. */
function program() {
  const b = new IRBuilder();
  const feeds: Record<string, Float32Array> = {};
  const input = (name: string, shape: number[], s: number) => {
    feeds[name] = values(size(shape), s);
    return b.input(name, shape);
  };
  const outs: Record<string, Tensor> = {};
  const terms: Record<string, number> = {};
  (
    [
      ["a", 37],
      ["b", 1000],
    ] as const
  ).forEach(([name, n], k) => {
    // Flat elementwise chains.
    outs[`flat ${name}`] = input(`x${name}`, [n], 0.3 + k)
      .mul(3)
      .add(1);
  });
  (
    [
      ["a", [90, 70]],
      ["b", [64, 130]],
    ] as const
  ).forEach(([name, shape], k) => {
    // Rows layout: a transposed read over rows of at least 64 (a strided load).
    const m = input(`m${name}`, [...shape], 0.17 + k);
    outs[`rows ${name}`] = m.transpose([1, 0]).mul(2).sub(0.25);
    // Serial reductions over the rows, and a tree reduction over many elements.
    outs[`sum ${name}`] = m.sum(0);
    outs[`max ${name}`] = m.reduceMax(1);
  });
  (
    [
      ["a", 3000],
      ["b", 5000],
    ] as const
  ).forEach(([name, n], k) => {
    outs[`tree ${name}`] = input(`t${name}`, [n], 0.7 + k).sum();
    terms[`tree ${name}`] = n;
  });
  (
    [
      ["a", [96, 70, 80]],
      ["b", [40, 33, 48]],
    ] as const
  ).forEach(([name, [m, k, n]], j) => {
    // Products big enough for the tiled kernel, whose quick tier is a generic 8×4 one: B
    // read as vec4 rows, and B transposed (read across its rows, one scalar per column).
    outs[`matmul ${name}`] = input(`p${name}`, [m, k], 0.37 + j).matmul(input(`q${name}`, [k, n], 0.11 + j));
    terms[`matmul ${name}`] = k;
    // (Fewer than 64 rows: more would have B copied contiguous first, kernels.ts.)
    outs[`matmulT ${name}`] = input(`r${name}`, [Math.min(m, 48), k], 0.29 + j).matmul(
      input(`s${name}`, [n, k], 0.13 + j).transpose([1, 0]),
    );
    terms[`matmulT ${name}`] = k;
  });
  // Sorted: each kind's two sizes side by side.
  const names = Object.keys(outs).sort();
  const tols = names.map((n) => (terms[n] ? Math.ceil(2 * Math.sqrt(terms[n])) : undefined));
  return { b, feeds, names, ids: names.map((n) => outs[n].id), tols };
}

describe("shape-generic kernels", () => {
  it("kernels equal but for sizes share one text and one pipeline, and agree with the CPU", async () => {
    const rt = await coldSoftwareRuntime();
    try {
      const { b, feeds, names, ids, tols } = program();
      const plan = planProgram(b.nodes, ids, { software: true });
      const byWrite = (id: number) => plan.kernels.find((k) => k.writes.includes(id))!;
      for (let i = 0; i < names.length; i += 2) {
        const [ka, kb] = [byWrite(ids[i]), byWrite(ids[i + 1])];
        // The first step's tier: the quick one where there is one.
        const [qa, qb] = [ka.quick ?? ka, kb.quick ?? kb];
        expect(qa.code, `${names[i]} vs ${names[i + 1]}`).toBe(qb.code);
        expect(qa.dims, names[i]).toBeDefined();
        expect(qa.dims, names[i]).not.toEqual(qb.dims);
      }

      const p = await rt.compile({ nodes: b.nodes, outputs: ids, path: "planned" });
      const distinct = new Set(p.plan.kernels.map((k) => (k.quick ?? k).code)).size;
      expect(rt.cache.stats.compiled).toBe(distinct);
      expect(distinct).toBe(names.length / 2);

      const cpu = executeCpu(b.nodes, ids, { dtype: "f32", feeds, variables: {}, seed: 0, step: 0 });
      const check = (gpu: Float32Array[], tier: string) =>
        gpu.forEach((g, i) => {
          const d = diff(g, cpu[i]);
          // Products and tree sums (pairwise, the CPU's in order): within √k·ε of the exact
          // value norm-wise, each (primCases.ts, dot); everything else rounds as the CPU does.
          const tol = tols[i] ?? 1;
          expect(d.normUlps, `${names[i]} (${tier}): ${JSON.stringify(d.worst)}`).toBeLessThanOrEqual(tol);
        });
      const quick = await p.run(feeds, { seed: 0, step: 0 }, ids);
      check(quick, "quick");
      await p.tieredUp;
      expect(p.tierFailures).toEqual([]);
      expect(p.quickDispatches).toBe(0);
      const full = await p.run(feeds, { seed: 0, step: 1 }, ids);
      check(full, "full");
      // The tiers compute the same values, bit for bit.
      for (const [i, f] of full.entries()) expect(Array.from(f), names[i]).toEqual(Array.from(quick[i]));
      p.destroy();
    } finally {
      rt.destroy();
    }
  });
});

describe("overlapped compiles", () => {
  it("a staged first run starts before the last pipeline is in and gives encode()'s results", async () => {
    const rt = await coldSoftwareRuntime();
    try {
      const { b, feeds, ids } = program();
      const p = await rt.compile({ nodes: b.nodes, outputs: ids, path: "planned", overlap: true });
      if (!(p instanceof PlannedProgram)) throw new Error("expected the planned path");
      // Nothing requested yet: compile() returned before any pipeline.
      expect(rt.cache.stats.requested).toBe(0);
      expect(p.pipelinesReady).toBe(false);
      expect(() => p.encode(rt.device.createCommandEncoder())).toThrow(/still compiling/);
      p.writeInputs(feeds);
      p.writeFrame(0, 0);
      // Parts submitted while some pipeline was still compiling (past the first, empty one).
      const queue = rt.device.queue;
      const submit = queue.submit.bind(queue);
      let early = 0;
      queue.submit = (bufs: Iterable<GPUCommandBuffer>) => {
        if (!p.pipelinesReady) early++;
        submit(bufs);
      };
      const enc = await p.encodeStaged(rt.device.createCommandEncoder());
      queue.submit = submit;
      expect(early).toBeGreaterThanOrEqual(2);
      expect(p.pipelinesReady).toBe(true);
      const staged = await rt.readBuffers(
        ids.map((v) => ({ buffer: p.resultBuffer(v), bytes: 4 * size(b.nodes[v].shape) })),
        enc,
      );
      await p.compiled;
      const again = await p.run(feeds, { seed: 0, step: 0 }, ids);
      for (const [i, s] of staged.entries()) expect(Array.from(s)).toEqual(Array.from(again[i]));
      const eager = await rt.compile({ nodes: b.nodes, outputs: ids, path: "planned" });
      const want = await eager.run(feeds, { seed: 0, step: 0 }, ids);
      for (const [i, s] of staged.entries()) expect(Array.from(s)).toEqual(Array.from(want[i]));
      eager.destroy();
      p.destroy();
    } finally {
      rt.destroy();
    }
  });

  it("a pipeline that fails to compile rejects the staged run", async () => {
    const rt = await coldSoftwareRuntime();
    try {
      const b = new IRBuilder();
      const y = b.input("x", [8]).exp();
      const p = await rt.compile({ nodes: b.nodes, outputs: [y.id], path: "planned", overlap: true });
      if (!(p instanceof PlannedProgram)) throw new Error("expected the planned path");
      // Break the one kernel's text before its compile is requested.
      const k = p.plan.kernels[0];
      for (const tier of [k, k.quick]) if (tier) tier.code = tier.code.replace("fn main", "fn main_broken");
      await expect(p.encodeStaged(rt.device.createCommandEncoder())).rejects.toThrow(/could not compile/);
      await expect(p.compiled).rejects.toThrow(/could not compile/);
      p.destroy();
    } finally {
      rt.destroy();
    }
  });

  it("a session's overlapped first steps log what the eager session's do", async () => {
    const doc = loadPreset("spiral-mlp");
    const run = async (overlapCompile: boolean) => {
      const rt = await coldSoftwareRuntime();
      const s = await GpuTrainSession.create(doc, nodeDatasetLoader, {
        runtime: rt,
        path: "planned",
        overlapCompile,
      });
      try {
        const logs = await s.trainSteps(3);
        return { logs, weights: await s.syncVariables() };
      } finally {
        s.destroy();
        rt.destroy();
      }
    };
    const eager = await run(false);
    const overlapped = await run(true);
    expect(overlapped.logs).toEqual(eager.logs);
    for (const [name, w] of eager.weights)
      expect(Array.from(overlapped.weights.get(name)!), name).toEqual(Array.from(w));
  });

  it("a session whose kernel does not compile: create() rejects and frees what it made", async () => {
    const doc = loadPreset("spiral-mlp");
    const rt = await coldSoftwareRuntime();
    try {
      const dev = rt.device;
      // Every buffer the session makes, and the ones it destroys.
      const made: GPUBuffer[] = [];
      const freed = new Set<GPUBuffer>();
      const createBuffer = dev.createBuffer.bind(dev);
      dev.createBuffer = (d: GPUBufferDescriptor) => {
        const b = createBuffer(d);
        const destroy = b.destroy.bind(b);
        b.destroy = () => {
          freed.add(b);
          destroy();
        };
        made.push(b);
        return b;
      };
      // The program's tanh kernels fail (the batchers' and the other kernels compile).
      const createPipeline = dev.createComputePipelineAsync.bind(dev);
      dev.createComputePipelineAsync = (d: GPUComputePipelineDescriptor) =>
        /tanh/.test(d.label ?? "") ? Promise.reject(new Error("injected failure")) : createPipeline(d);
      await expect(
        GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt, path: "planned" }),
      ).rejects.toThrow(/could not compile the kernel for .*tanh.*injected failure/s);
      expect(made.length).toBeGreaterThan(5);
      expect(made.filter((b) => !freed.has(b)).map((b) => b.label)).toEqual([]);
    } finally {
      rt.destroy();
    }
  });
});
