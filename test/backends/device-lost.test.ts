import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GpuRuntime } from "../../src/backends/webgpu";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { parseGraphDoc } from "../../src/graph/load";
import { createTrainSession, type FallbackEvent } from "../../src/train/autoSession";
import type { StepLog } from "../../src/train/session";
import { TrainSession } from "../../src/train/session";
import { requireGpu } from "./gpu";

// A device lost mid-run (here: device.destroy() while steps are queued) must not end the run:
// the session says what happened and at which step, goes on on the CPU from its latest host
// snapshot (replaying the steps after it), and the step counter, the losses and the weights
// carry on as if nothing had happened.

function preset(name: string) {
  const r = parseGraphDoc(readFileSync(join(__dirname, "../../presets", `${name}.json`), "utf8"), name);
  if (!r.ok) throw new Error(name);
  return r.doc;
}

describe("device lost mid-run", { timeout: 300_000 }, () => {
  it("spiral-mlp: training continues on the CPU with the step counter, finite losses and every weight", async () => {
    await requireGpu(); // fails with the install hint when there is no adapter at all
    const rt = await GpuRuntime.create(); // a device of its own: this test destroys it
    const doc = preset("spiral-mlp");
    const s = await createTrainSession(doc, nodeDatasetLoader, {
      backend: "webgpu",
      runtime: rt,
      snapshotSteps: 10,
    });
    expect(s.backend).toBe("webgpu");
    const events: FallbackEvent[] = [];
    s.onFallback((e) => events.push(e));
    const logs: StepLog[] = [...(await s.trainSteps(16)), ...(await s.trainSteps(16))];
    // Queue more, then lose the device before they are all read back.
    const queued = [s.trainSteps(16), s.trainSteps(16)];
    rt.device.destroy();
    for (const q of queued) logs.push(...(await q));
    logs.push(...(await s.trainSteps(20)));
    expect(events).toHaveLength(1);
    expect(events[0].message).toMatch(/WebGPU device lost at step \d+/);
    expect(events[0].resumedFrom).toBeGreaterThanOrEqual(10);
    expect(s.backend).toBe("cpu");
    expect(s.reason).toMatch(/device lost at step \d+.*continued on the CPU from the weights of step \d+/);
    expect(s.step).toBe(84);
    // Every step logged once, in order (none lost here: each was read back or replayed).
    expect(logs.map((l) => l.step)).toEqual(Array.from({ length: 84 }, (_, k) => k + 1));
    for (const l of logs) expect(Number.isFinite(l.loss)).toBe(true);
    // The same run on the CPU alone: the replay makes the weights what they would have been.
    const cpu = new TrainSession(doc, nodeDatasetLoader);
    const cpuLogs = Array.from({ length: 84 }, () => cpu.trainStep());
    const vars = await s.syncVariables();
    expect([...vars.keys()].sort()).toEqual([...cpu.variables.keys()].sort());
    for (const [name, v] of cpu.variables) {
      const g = vars.get(name)!;
      let scale = 0;
      for (const x of v) scale = Math.max(scale, Math.abs(x));
      v.forEach((x, i) => {
        // As train-parity.test.ts: GPU and CPU steps differ by ~1e-6; 2e-5 is the bound there.
        expect(Math.abs(g[i] - x) / Math.max(scale, 1e-12), `${name}[${i}]`).toBeLessThan(2e-5);
      });
    }
    expect(Math.abs(logs[83].loss - cpuLogs[83].loss) / cpuLogs[83].loss).toBeLessThan(2e-5);
    // Evaluation and probes work on after the fallback.
    const ev = await s.evaluate("test");
    expect(Number.isFinite(ev.loss)).toBe(true);
    const probe = await s.probe([s.program.loss!]);
    expect(Number.isFinite(probe.get(s.program.loss!)!.summary.mean)).toBe(true);
    s.destroy();
  });

  it("a run recompiled at step 30 (startStep) that loses its device before any snapshot resumes from step 30", async () => {
    await requireGpu();
    const rt = await GpuRuntime.create(); // a device of its own: this test destroys it
    const doc = preset("spiral-mlp");
    // Where a recompile after 30 steps starts: those weights (and Adam's state), step 30.
    const ref = new TrainSession(doc, nodeDatasetLoader);
    for (let k = 0; k < 30; k++) ref.trainStep();
    const s = await createTrainSession(doc, nodeDatasetLoader, {
      backend: "webgpu",
      runtime: rt,
      previous: ref.variables,
      startStep: 30,
      // No snapshot lands before the loss: the CPU must resume from the start step's weights.
      snapshotSteps: 10_000,
      snapshotMs: 1e9,
    });
    expect(s.step).toBe(30);
    const events: FallbackEvent[] = [];
    s.onFallback((e) => events.push(e));
    const logs: StepLog[] = [...(await s.trainSteps(8))];
    expect(logs.map((l) => l.step)).toEqual([31, 32, 33, 34, 35, 36, 37, 38]);
    const queued = s.trainSteps(16);
    rt.device.destroy();
    logs.push(...(await queued), ...(await s.trainSteps(6)));
    expect(events).toHaveLength(1);
    expect(events[0].resumedFrom).toBe(30);
    expect(s.backend).toBe("cpu");
    expect(s.step).toBe(60);
    expect(logs.map((l) => l.step)).toEqual(Array.from({ length: 30 }, (_, k) => 31 + k));
    // One unbroken CPU run of 60 steps: the same step counter, batches and Adam bias correction.
    for (let k = 30; k < 60; k++) ref.trainStep();
    const vars = await s.syncVariables();
    for (const [name, v] of ref.variables) {
      const g = vars.get(name)!;
      let scale = 0;
      for (const x of v) scale = Math.max(scale, Math.abs(x));
      // As above: GPU and CPU steps differ by ~1e-6 of the scale; 2e-5 is train-parity's bound.
      v.forEach((x, i) => {
        expect(Math.abs(g[i] - x) / Math.max(scale, 1e-12), `${name}[${i}]`).toBeLessThan(2e-5);
      });
    }
    s.destroy();
  });
});
