import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { GpuRuntime } from "../../src/backends/webgpu";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { parseGraphDoc } from "../../src/graph/load";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { TrainSession } from "../../src/train/session";
import { requireGpu } from "./gpu";

// Several whole steps per command buffer: trainSteps(n) must train exactly as n trainStep()
// calls and as the CPU (same batches from the stateless sampler), submit once per
// maxStepsPerSubmit steps, and create no buffer or bind group while it runs.

let rt: GpuRuntime;
beforeEach(async () => {
  rt = await requireGpu();
});

function preset(name: string) {
  const r = parseGraphDoc(readFileSync(join(__dirname, "../../presets", `${name}.json`), "utf8"), name);
  if (!r.ok) throw new Error(name);
  return r.doc;
}

/** Counts calls of a device method while `f` runs. */
async function counting<T>(dev: GPUDevice, names: (keyof GPUDevice)[], f: () => Promise<T>) {
  const counts: Record<string, number> = {};
  const originals = names.map((n) => [n, dev[n]] as const);
  for (const [n, orig] of originals) {
    counts[n] = 0;
    Object.defineProperty(dev, n, {
      configurable: true,
      value: (...a: unknown[]) => {
        counts[n]++;
        return (orig as (...x: unknown[]) => unknown).apply(dev, a);
      },
    });
  }
  try {
    return { result: await f(), counts };
  } finally {
    for (const [n] of originals) delete (dev as unknown as Record<string, unknown>)[n];
  }
}

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);

describe("trainSteps(n): n steps per submit", { timeout: 300_000 }, () => {
  const sessions: GpuTrainSession[] = [];
  afterAll(() => {
    for (const s of sessions) s.destroy();
  });

  it("spiral-mlp: trainSteps(16) × 5 matches trainStep() × 80 and the CPU, without per-step allocation", async () => {
    const doc = preset("spiral-mlp");
    const one = await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt });
    // maxStepsPerSubmit 32: a trainSteps(48) call spans two submits.
    const many = await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt, maxStepsPerSubmit: 32 });
    sessions.push(one, many);
    const cpu = new TrainSession(doc, nodeDatasetLoader);
    const oneLogs = await Promise.all(Array.from({ length: 80 }, () => one.trainStep()));
    await many.trainSteps(16); // warm-up: first submit
    let submits = 0;
    const q = rt.device.queue;
    const submit = q.submit;
    Object.defineProperty(q, "submit", {
      configurable: true,
      value: (b: GPUCommandBuffer[]) => {
        submits++;
        return submit.call(q, b);
      },
    });
    const { result, counts } = await counting(rt.device, ["createBuffer", "createBindGroup"], () =>
      Promise.all([many.trainSteps(16), many.trainSteps(48)]),
    );
    delete (q as unknown as Record<string, unknown>).submit;
    const manyLogs = [...(await many.trainSteps(0)), ...result.flat()];
    expect(counts.createBuffer).toBe(0);
    expect(counts.createBindGroup).toBe(0);
    expect(submits).toBe(3); // 16, then 48 as 32 + 16
    expect(manyLogs.map((l) => l.step)).toEqual(Array.from({ length: 64 }, (_, k) => 17 + k));
    const cpuLogs = Array.from({ length: 80 }, () => cpu.trainStep());
    let worst = 0;
    for (const l of manyLogs) {
      // The same program and batches: the two GPU runs are bit-identical.
      expect(l.loss).toBe(oneLogs[l.step - 1].loss);
      worst = Math.max(worst, relDiff(l.loss, cpuLogs[l.step - 1].loss));
    }
    // Tolerance as in train-parity.test.ts: a few ulp per op, ~1e-6 after a step; 2e-5 = 10× margin.
    expect(worst).toBeLessThan(2e-5);
    expect(many.step).toBe(80);
  });

  it("spiral-mlp: the batch costs two dispatches and the dataset lives on the device (steps/s with WIREGRAD_MEASURE)", async () => {
    const doc = preset("spiral-mlp");
    const s = await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt });
    sessions.push(s);
    const st = s.stats;
    expect(st.batchDispatches).toBe(2); // sampler + gather, one dataset
    expect(st.dispatches).toBeGreaterThan(st.batchDispatches);
    const ds = [...s.datasets.values()][0];
    expect(st.datasetBytes).toBeGreaterThanOrEqual(4 * (ds.x.length + ds.y.length + ds.split.train.length));
    if (!process.env.WIREGRAD_MEASURE) return;
    await s.trainSteps(16);
    const rate = async (per: number, steps: number) => {
      const t0 = performance.now();
      await Promise.all(Array.from({ length: steps / per }, () => s.trainSteps(per)));
      return steps / ((performance.now() - t0) / 1000);
    };
    // Interleaved, best of three: the machine's load changes between runs.
    const best = { 1: 0, 16: 0 };
    for (let r = 0; r < 3; r++) {
      best[1] = Math.max(best[1], await rate(1, 64));
      best[16] = Math.max(best[16], await rate(16, 64));
    }
    console.log(
      `MEASURE spiral-mlp steps/s trainSteps(1) ${best[1].toFixed(0)} trainSteps(16) ${best[16].toFixed(0)} stats ${JSON.stringify(st)}`,
    );
  });
});
