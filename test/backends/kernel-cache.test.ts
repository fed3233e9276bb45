import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bigGraph } from "../../bench/graphs";
import { KernelCache } from "../../src/backends/webgpu/kernelCache";
import { type BufferPlan, type PlanOptions, planProgram } from "../../src/backends/webgpu/plan";
import { type EwExpr, type EwGroup, elementwiseKernel } from "../../src/backends/webgpu/wgsl/elementwise";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { analyze } from "../../src/compile/analyze";
import { buildTrainProgram } from "../../src/compile/program";
import type { GraphDoc } from "../../src/graph/doc";
import { parseGraphDoc } from "../../src/graph/load";
import { IRBuilder } from "../../src/ir/builder";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { requireGpu } from "./gpu";

// Kernels by structure: a plan made on a warm cache must be the plan an empty cache gives
// (same WGSL, this program's own bindings), and an edit must regenerate what it changed.

/** A small net with every kind of kernel the cache holds: matmul, reductions, fused groups. */
function net(b: IRBuilder, rows: number, act: "relu" | "tanh" = "relu") {
  const x = b.input("x", [rows, 6]);
  const w = b.variable("w", [5, 6]);
  const h = x.matmul(w.T);
  const a = act === "relu" ? h.relu() : h.tanh();
  const loss = a.square().sum().div(rows);
  const s = a.sum(0);
  return [loss.id, s.id, a.mul(2).exp().id];
}

function plan(b: IRBuilder, outputs: number[], kernels?: KernelCache, opts: PlanOptions = {}): BufferPlan {
  return planProgram(b.nodes, outputs, { ...opts, kernels });
}

const texts = (p: BufferPlan) => p.kernels.map((k) => k.code);
const bindings = (p: BufferPlan) =>
  p.kernels.map((k) => ({ label: k.label, reads: k.reads, writes: k.writes }));

function trainPlan(doc: GraphDoc, kernels: KernelCache): BufferPlan {
  const p = buildTrainProgram(doc, 32, analyze(doc));
  const outputs = [p.loss!, ...p.metrics.values(), ...p.updates.values()];
  return planProgram(p.nodes, outputs, { maxInputs: 7, updates: p.updates, kernels });
}

describe("kernel cache", () => {
  it("a hit gives the WGSL a miss gives, bound to this program's values", () => {
    const first = new IRBuilder();
    net(first, 8);
    const cache = new KernelCache();
    plan(first, net(new IRBuilder(), 8), cache);
    const before = cache.misses;
    expect(before).toBeGreaterThan(0);

    // The same structure at other ids: unrelated values first shift every id.
    const b = new IRBuilder();
    b.input("other", [3]).exp();
    b.input("more", [2, 2]).sin();
    const outs = net(b, 8);
    const warm = plan(b, outs, cache);
    const cold = plan(b, outs, new KernelCache());
    expect(cache.misses, "no kernel generated again").toBe(before);
    expect(texts(warm)).toEqual(texts(cold));
    expect(bindings(warm)).toEqual(bindings(cold));
    // Bound to this program's values, not the ones the templates were made for.
    const matmul = warm.kernels.find((k) => k.label.endsWith("matmul"))!;
    expect(matmul.reads.every((r) => r >= 4 && r < b.nodes.length)).toBe(true);
  });

  it("operands that share a buffer do not reuse the kernel of two buffers", () => {
    const cache = new KernelCache();
    const ab = new IRBuilder();
    const y1 = ab.input("a", [4, 4]).matmul(ab.input("b", [4, 4]));
    plan(ab, [y1.id], cache);
    const xx = new IRBuilder();
    const x = xx.input("x", [4, 4]);
    const y2 = x.matmul(x);
    const warm = plan(xx, [y2.id], cache);
    expect(warm.kernels[0].reads).toEqual([x.id, x.id]);
    expect(texts(warm)).toEqual(texts(plan(xx, [y2.id])));
  });

  it("a different shape misses", () => {
    const cache = new KernelCache();
    const small = new IRBuilder();
    plan(small, net(small, 8), cache);
    const hits = cache.hits;
    const big = new IRBuilder();
    const outs = net(big, 16);
    const warm = plan(big, outs, cache);
    expect(cache.hits, "every kernel depends on the batch").toBe(hits);
    expect(texts(warm)).toEqual(texts(plan(big, outs)));
    expect(texts(warm)).not.toEqual(texts(plan(small, net(new IRBuilder(), 8))));
  });

  it("attributes equal as JSON but not as numbers are different kernels (-0, ±∞)", () => {
    const cache = new KernelCache();
    for (const value of [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
      const b = new IRBuilder();
      const y = b.emit("pad", [b.input("x", [2, 3])], { before: [0, 1], after: [1, 0], value });
      expect(plan(b, [y.id], cache).kernels[0].code, `pad value ${value}`).toBe(
        plan(b, [y.id]).kernels[0].code,
      );
    }
    expect(cache.misses).toBe(5);
  });

  it("elementwise groups are told apart field by field: literal bits, strides, what is written", () => {
    const load = (input: number, strides: number[]): EwExpr => ({ kind: "load", input, strides, base: 0 });
    const group = (lit: number, strides = [1], writes = [2]): EwGroup => ({
      shape: [4],
      exprs: [load(0, strides), { kind: "lit", value: lit }, { kind: "binary", prim: "mul", args: [0, 1] }],
      reads: [7],
      writes: writes.map((expr, i) => ({ value: 100 + i, expr })),
      label: "g",
    });
    const cache = new KernelCache();
    const a = elementwiseKernel(group(0.5), cache);
    // Other values bound, another label: the same text, a hit.
    const b = elementwiseKernel({ ...group(0.5), reads: [9], label: "h" }, cache);
    expect(cache.hits).toBe(1);
    expect(b.code).toBe(a.code);
    expect(b.reads).toEqual([9]);
    // 0.1 and its f32 neighbour in double precision are one f32 literal.
    elementwiseKernel(group(0.1), cache);
    elementwiseKernel(group(Math.fround(0.1)), cache);
    expect(cache.hits).toBe(2);
    // -0 is not 0, every NaN is one NaN; a stride, or which expression is written, differs.
    const before = cache.misses;
    elementwiseKernel(group(0), cache);
    elementwiseKernel(group(-0), cache);
    elementwiseKernel(group(Number.NaN), cache);
    elementwiseKernel(group(0 / 0), cache);
    elementwiseKernel(group(0.5, [0]), cache);
    elementwiseKernel(group(0.5, [1], [1]), cache);
    expect(cache.misses - before).toBe(5);
    expect(cache.hits).toBe(3);
  });

  it("structures that hash alike are still compared", () => {
    const cache = new KernelCache();
    const same = (x: { s: string }, y: { s: string }) => x.s === y.s;
    const made = ["a", "b", "a"].map((s) => cache.memoStructure(42, { s }, same, () => ({ s })));
    expect(made[0]).not.toBe(made[1]);
    expect(made[2]).toBe(made[0]);
    expect([cache.hits, cache.misses, cache.size]).toEqual([1, 2, 2]);
  });

  it("a template that binds a value by its own id is refused (a hit would bind it in another program)", () => {
    const spec = {
      label: "",
      code: "",
      reads: [3],
      writes: [4],
      frame: false,
      groups: [1, 1, 1] as [number, number, number],
    };
    const cache = new KernelCache();
    const same = (a: string, b: string) => a === b;
    const bind = (ids: number[], label: string, make: Parameters<KernelCache["bindStructure"]>[5]) =>
      cache.bindStructure(1, "k", same, ids, label, make);
    expect(() => bind([3, 4], "%4 x", () => [spec])).toThrow(/not a placeholder/);
    const slotted = bind([3, 4], "%4 x", (label, slot) => [
      { ...spec, label, reads: [slot(3)], writes: [slot(4)] },
    ]);
    expect(slotted[0]).toMatchObject({ label: "%4 x", reads: [3], writes: [4] });
    expect(bind([7, 9], "%9 x", () => [])[0]).toMatchObject({
      label: "%9 x",
      reads: [7],
      writes: [9],
    });
  });

  it("software and hardware adapters keep their own matmul kernels", () => {
    const cache = new KernelCache();
    const b = new IRBuilder();
    const y = b.input("a", [64, 64]).matmul(b.input("b", [64, 64]));
    const hw = plan(b, [y.id], cache);
    const sw = plan(b, [y.id], cache, { software: true });
    expect(sw.kernels[0].code).not.toBe(hw.kernels[0].code);
    expect(sw.kernels[0].code).toBe(plan(b, [y.id], undefined, { software: true }).kernels[0].code);
  });

  it("an edit regenerates exactly the kernels whose text it changed", () => {
    const cache = new KernelCache();
    const before = trainPlan(bigGraph(), cache);
    // ReLU → Tanh in one of 48 identical units: the graph has tanh kernels of that shape already.
    let misses = cache.misses;
    trainPlan(bigGraph(7), cache);
    expect(cache.misses, "nothing new to generate").toBe(misses);
    // ReLU → Sigmoid: new forward and backward kernels, and nothing else.
    const edited = bigGraph();
    edited.nodes.find((n) => n.id === "u7_act")!.type = "Sigmoid";
    misses = cache.misses;
    const after = trainPlan(edited, cache);
    const known = new Set(texts(before));
    const changed = new Set(texts(after).filter((t) => !known.has(t)));
    expect(changed.size).toBeGreaterThan(0);
    expect(cache.misses - misses).toBe(changed.size);
    const fresh = trainPlan(edited, new KernelCache());
    expect(texts(after)).toEqual(texts(fresh));
    expect(bindings(after)).toEqual(bindings(fresh));
  });

  it("even a cold plan of the 48 identical units generates few kernels", () => {
    const cache = new KernelCache();
    const p = trainPlan(bigGraph(), cache);
    expect(p.kernels.length).toBeGreaterThan(500);
    expect(cache.misses).toBeLessThan(p.kernels.length / 10);
  });
});

describe("kernel cache on a runtime", () => {
  it("a session's recompile after an edit plans on the kernels of the one before", async () => {
    const rt = await requireGpu();
    const text = readFileSync(join(__dirname, "../../presets/spiral-mlp.json"), "utf8");
    const load = () => {
      const r = parseGraphDoc(text, "spiral-mlp");
      if (!r.ok) throw new Error("spiral-mlp");
      return r.doc;
    };
    const compile = async (doc: GraphDoc) =>
      (await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt, path: "planned" })).destroy();
    await compile(load());
    const misses = rt.kernels.misses;
    expect(misses).toBeGreaterThan(0);
    // An edit that leaves the kernels' structure alone (a renamed block) generates nothing.
    const renamed = load();
    renamed.meta = { ...renamed.meta, title: "renamed" };
    await compile(renamed);
    expect(rt.kernels.misses).toBe(misses);
    // A new activation generates its kernels, and only those.
    const edited = load();
    const act = edited.nodes.find((n) => n.type === "ReLU" || n.type === "Tanh");
    expect(act, "spiral-mlp has an activation to edit").toBeDefined();
    act!.type = "Sigmoid";
    await compile(edited);
    expect(rt.kernels.misses).toBeGreaterThan(misses);
    expect(rt.kernels.misses - misses).toBeLessThan(misses);
  });
});
