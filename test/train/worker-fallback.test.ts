// The training worker's controller on WebGPU (the npm package `webgpu`, SwiftShader on a
// machine without a GPU): a recompile reuses the worker's device and keeps counting steps,
// and a device lost mid-run (device.destroy(), as in test/backends/device-lost.test.ts) is
// reported to the page while training goes on on the CPU with the weights the GPU would have
// had. Timeouts: SwiftShader compiles on a shared CPU, so minutes, not seconds.
import { describe, expect, it } from "vitest";
import { GpuRuntime } from "../../src/backends/webgpu";
import type { VariableStore } from "../../src/compile/variables";
import { makeDataset } from "../../src/data/index";
import { TrainSession } from "../../src/train/session";
import { WorkerRuntime } from "../../src/train/worker/workerRuntime";
import { requireGpu } from "../backends/gpu";
import { edit, harness, preset } from "./workerHarness";

const load = (name: string, args: Record<string, unknown>) => makeDataset(name, args as never);

async function until(what: string, cond: () => boolean, ms = 240_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** As train-parity.test.ts: GPU and CPU steps differ by ~1e-6 of the tensor's scale; 2e-5 is the bound there. */
function expectClose(got: VariableStore, want: VariableStore): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [name, v] of want) {
    const g = got.get(name)!;
    let scale = 0;
    for (const x of v) scale = Math.max(scale, Math.abs(x));
    let worst = 0;
    v.forEach((x, i) => {
      worst = Math.max(worst, Math.abs(g[i] - x) / Math.max(scale, 1e-12));
    });
    expect(worst, name).toBeLessThan(2e-5);
  }
}

describe("the training worker on WebGPU", { timeout: 600_000 }, () => {
  it("recompiles on its one device, reports a lost device, and trains on on the CPU with the same weights", async () => {
    await requireGpu(); // fails with the install hint when there is no adapter at all
    let rt: GpuRuntime | undefined;
    // A device of its own: this test destroys it.
    const runtime = new WorkerRuntime({
      open: async () => (rt = await GpuRuntime.create()),
      snapshotSteps: 10,
    });
    const h = harness({ runtime });
    const doc = preset("spiral-mlp");
    await h.send({ type: "load", doc, fresh: true, backend: "webgpu" });
    expect(h.of("ready")).toHaveLength(1);
    expect(h.of("ready")[0]).toMatchObject({ backend: "webgpu", run: 1 });
    expect(h.of("ready")[0].reason).toMatch(/^the WebGPU backend was requested: \S+/);
    await h.send({ type: "step", count: 32 });
    expect(h.lastState().step).toBe(32);

    // An edit that recompiles: the same device (and its caches), the step count goes on.
    const edited = edit(doc, "loss", { label_smoothing: 0.05 });
    await h.send({ type: "load", doc: edited });
    expect(h.sessions).toHaveLength(2);
    expect(runtime.opened).toBe(1);
    const s = h.sessions[1];
    expect(s.backend).toBe("webgpu");
    expect(s.step).toBe(32);

    // Run, watching every node (probes are computed from host weights), and lose the device.
    await h.send({ type: "watch", watch: { nodes: [], gradients: false, view: null } });
    await h.send({ type: "settings", settings: { speed: "max" } });
    await h.send({ type: "run" });
    await until("steps on WebGPU", () => s.step >= 80);
    expect(s.backend).toBe("webgpu");
    rt!.device.destroy();
    await until("the fallback", () => h.of("fallback").length > 0);
    const lostAt = s.step;
    await until("steps on the CPU", () => s.step >= lostAt + 40);
    await h.send({ type: "pause" });
    await h.c.stopped();

    const [fb] = h.of("fallback");
    expect(h.of("fallback")).toHaveLength(1);
    expect(fb).toMatchObject({ type: "fallback", backend: "cpu", run: 1 });
    expect(fb.cause).toMatch(/^WebGPU device lost at step \d+: /);
    // The failure's step is what the GPU had submitted; the loop had asked for more by then.
    expect(fb.step).toBeGreaterThanOrEqual(32);
    expect(fb.step).toBeLessThanOrEqual(lostAt);
    // The first host snapshot is of the recompile's step, so the CPU never resumes before it.
    expect(fb.resumedFrom).toBeGreaterThanOrEqual(32);
    expect(fb.resumedFrom).toBeLessThanOrEqual(fb.step);
    expect(fb.reason).toMatch(
      new RegExp(
        `^WebGPU failed at step ${fb.step} \\(device lost\\)\\. Training continued on the CPU from the weights of step ${fb.resumedFrom}.*; no weights were lost\\.$`,
      ),
    );
    expect(s.backend).toBe("cpu");
    const final = s.step;
    expect(h.lastState()).toMatchObject({ phase: "paused", step: final, run: 1 });
    expect(h.of("error")).toEqual([]);

    // The chart's train points go on in order to the last step, with finite losses.
    const train = h.points().filter((p) => p.split === "train");
    for (let k = 1; k < train.length; k++) expect(train[k].step).toBeGreaterThan(train[k - 1].step);
    expect(train.at(-1)!.step).toBe(final);
    for (const p of train) expect(Number.isFinite(p.loss)).toBe(true);
    // The pause evaluated the test split on the CPU, and probes went on after the fallback.
    const test = h.points().filter((p) => p.split === "test");
    expect(test.at(-1)!.step).toBe(final);
    expect(Number.isFinite(test.at(-1)!.loss)).toBe(true);
    const fbAt = h.posted.indexOf(fb);
    expect(h.posted.slice(fbAt).some((m) => m.type === "probes")).toBe(true);

    // The weights are what one unbroken CPU run would have: 32 steps of the graph, then the
    // edited graph from those weights, counting on from step 32.
    const ref = new TrainSession(doc, load);
    for (let k = 0; k < 32; k++) ref.trainStep();
    const ref2 = new TrainSession(edited, load, { previous: ref.variables, startStep: 32 });
    while (ref2.step < final) ref2.trainStep();
    expectClose(await s.syncVariables(), ref2.variables);

    // The next recompile opens a new device: the lost one is gone.
    await h.send({ type: "load", doc: edit(edited, "loss", { label_smoothing: 0.1 }) });
    expect(runtime.opened).toBe(2);
    expect(h.of("ready").at(-1)).toMatchObject({ backend: "webgpu", run: 1 });
    await h.send({ type: "step", count: 16 });
    expect(h.lastState().step).toBe(final + 16);
    h.sessions.at(-1)!.destroy();
  });
});
