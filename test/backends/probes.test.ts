import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { GpuRuntime } from "../../src/backends/webgpu";
import { type ProbeValue, summarizeOnHost } from "../../src/backends/webgpu/probe";
import { PROBE_BINS } from "../../src/backends/webgpu/wgsl/probe";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import type { Program } from "../../src/compile/program";
import type { Dataset } from "../../src/data/types";
import { parseGraphDoc } from "../../src/graph/load";
import type { PrimAttrs } from "../../src/ir/prims";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { TrainSession } from "../../src/train/session";
import { requireGpu } from "./gpu";

// Probes summarise values on the device (mean, std, min, max, non-finite count, a 32-bin
// histogram over [min, max] from a second pass, a strided sample); they must agree with the
// same summaries computed on the host from the CPU executor's values.

let rt: GpuRuntime;
beforeEach(async () => {
  rt = await requireGpu();
});

function preset(name: string) {
  const r = parseGraphDoc(readFileSync(join(__dirname, "../../presets", `${name}.json`), "utf8"), name);
  if (!r.ok) throw new Error(name);
  return r.doc;
}

function inputId(p: Program, name: string): number {
  const n = p.nodes.find((x) => x.prim === "input" && (x.attrs as PrimAttrs["input"]).name === name);
  if (!n) throw new Error(`no input ${name}`);
  return n.id;
}

/**
 * got vs want: moments within `rel` of the tensor's scale, min/max likewise, the histogram's
 * total exact and each bin within `binSlack` counts (values within rounding of a bin edge
 * may land on either side), the sample within `rel`.
 */
function expectSummary(got: ProbeValue, want: ProbeValue, rel: number, binSlack: number, what: string) {
  const g = got.summary;
  const w = want.summary;
  const scale = Math.max(Math.abs(w.min), Math.abs(w.max), 1e-30);
  expect(g.shape, what).toEqual(w.shape);
  expect(g.nonFinite, what).toBe(w.nonFinite);
  for (const k of ["mean", "std", "min", "max"] as const) {
    expect(Math.abs(g[k] - w[k]) / scale, `${what} ${k}: ${g[k]} vs ${w[k]}`).toBeLessThanOrEqual(rel);
  }
  expect(g.hist.counts.length).toBe(PROBE_BINS);
  const total = (c: number[]) => c.reduce((p, x) => p + x, 0);
  expect(total(g.hist.counts), what).toBe(total(w.hist.counts));
  g.hist.counts.forEach((c, b) => {
    expect(Math.abs(c - w.hist.counts[b]), `${what} bin ${b}`).toBeLessThanOrEqual(binSlack);
  });
  expect(got.sample.length, what).toBe(want.sample.length);
  got.sample.forEach((v, i) => {
    if (Number.isFinite(want.sample[i]))
      expect(Math.abs(v - want.sample[i]) / scale, `${what} sample ${i}`).toBeLessThanOrEqual(rel);
    else expect(v, `${what} sample ${i}`).toBe(want.sample[i]);
  });
}

describe("probes computed on the GPU", { timeout: 300_000 }, () => {
  const sessions: GpuTrainSession[] = [];
  afterAll(() => {
    for (const s of sessions) s.destroy();
  });

  it("spiral-mlp: input batch, activations, a gradient and a weight match the CPU after 20 steps", async () => {
    const doc = preset("spiral-mlp");
    const gpu = await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt });
    sessions.push(gpu);
    const cpu = new TrainSession(doc, nodeDatasetLoader);
    const p = gpu.program;
    const [ds] = [...gpu.datasets.keys()];
    const x = inputId(p, `${ds}.x`);
    const act = [...p.ports].filter(([k]) => !k.startsWith(`${ds}.`)).map(([, id]) => id)[0];
    const [gradName, grad] = [...p.grads][0];
    const weight = p.nodes.find(
      (n) => n.prim === "variable" && (n.attrs as PrimAttrs["variable"]).name === gradName,
    )!.id;
    const ids = [x, act, grad, weight];
    const early = gpu.probe([x]); // before any step: step 0's batch
    gpu.trainSteps(20);
    const probed = gpu.probe(ids);
    const later = gpu.trainSteps(5); // training goes on while the probe reads back
    for (let k = 0; k < 20; k++) cpu.trainStep();
    const want = cpu.recompute(ids);
    const got = await probed;
    expect([...got.keys()].sort()).toEqual([...ids].sort());
    // The input batch is data, identical on both sides: only the sum's order differs.
    expectSummary(got.get(x)!, summarizeOnHost(want[0], [...p.nodes[x].shape]), 1e-6, 0, "input");
    // Computed values differ by ~1e-6 after 20 steps (train-parity.test.ts); 1e-4 is 100× that.
    ids.slice(1).forEach((id, i) => {
      expectSummary(got.get(id)!, summarizeOnHost(want[1 + i], [...p.nodes[id].shape]), 1e-4, 2, `%${id}`);
    });
    const first = (await early).get(x)!;
    expect(first.summary.mean).not.toBe(got.get(x)!.summary.mean);
    expect((await later).map((l) => l.step)).toEqual([21, 22, 23, 24, 25]);
  });

  it("counts NaN and ±Inf and leaves them out of the moments and the histogram", async () => {
    const doc = preset("spiral-mlp");
    // The same data with a few poisoned samples.
    const loader = (name: string, args: Record<string, unknown>): Dataset => {
      const ds = nodeDatasetLoader(name, args);
      const x = ds.x.slice();
      for (let i = 0; i < x.length; i += 7)
        x[i] = i % 3 === 0 ? Number.NaN : i % 3 === 1 ? Infinity : -Infinity;
      return { ...ds, x };
    };
    const gpu = await GpuTrainSession.create(doc, loader, { runtime: rt });
    sessions.push(gpu);
    const cpu = new TrainSession(doc, loader);
    const [ds] = [...gpu.datasets.keys()];
    const x = inputId(gpu.program, `${ds}.x`);
    const got = (await gpu.probe([x])).get(x)!;
    const want = summarizeOnHost(cpu.recompute([x], 0)[0], [...gpu.program.nodes[x].shape]);
    expect(want.summary.nonFinite).toBeGreaterThan(0);
    expectSummary(got, want, 1e-6, 0, "poisoned input");
  });

  it("rejects an id outside the program with a message naming it", () => {
    return GpuTrainSession.create(preset("xor-mlp"), nodeDatasetLoader, { runtime: rt }).then((s) => {
      sessions.push(s);
      expect(() => s.probe([s.program.nodes.length + 3])).toThrow(
        /probe: %\d+ is not a value of the training program/,
      );
    });
  });
});
