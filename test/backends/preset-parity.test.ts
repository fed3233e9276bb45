import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { GpuRuntime } from "../../src/backends/webgpu";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import type { GraphDoc } from "../../src/graph/doc";
import { parseGraphDoc } from "../../src/graph/load";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { TrainSession } from "../../src/train/session";
import { requireGpu } from "./gpu";
import { type ParityBudget, type ParityResult, TOLERANCE, trainBoth } from "./presetParity";

// Every preset in presets/ (the folder is listed, so a new preset is covered without touching
// this file) trains for a few steps on the CPU executor and on WebGPU with the same seed and
// the same mini-batches; the loss curves and the final weights must agree within TOLERANCE
// (presetParity.ts says why it is that size). train-parity.test.ts runs three presets longer.

const MEASURE = !!process.env.WIREGRAD_MEASURE;
const DIR = join(__dirname, "../../presets");
const presets = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -".json".length))
  .sort();

/**
 * Steps and batch (the same on both backends). 60 steps reach well into training for every
 * small preset yet stay before the point where the oscillating ones (regularisation's Adam at
 * the edge of stability, the Rosenbrock valley) amplify rounding geometrically: there the CPU
 * itself, with one weight nudged by one ulp, drifts 1e-4 away by step 140 and 3e-2 by step 180.
 * An MNIST step costs ~0.2–0.4 s on each backend here, so those run 10 steps at batch 16.
 */
const LIGHT: ParityBudget = { steps: 60, evaluate: true };
const HEAVY: ParityBudget = { steps: 10, batch: 16, evaluate: false };
const OVERRIDES: Record<string, ParityBudget> = {
  // An MLP on MNIST is cheap enough for a longer run, and its test split for evaluation.
  "mnist-mlp": { steps: 40, evaluate: true },
};

function budgetFor(name: string, doc: GraphDoc): ParityBudget {
  if (OVERRIDES[name]) return OVERRIDES[name];
  const mnist = doc.nodes.some((n) => n.type === "Dataset" && n.params?.name === "mnist");
  return mnist ? HEAVY : LIGHT;
}

function load(name: string): GraphDoc {
  const r = parseGraphDoc(readFileSync(join(DIR, `${name}.json`), "utf8"), `${name}.json`);
  if (!r.ok) throw new Error(`presets/${name}.json does not load`);
  return r.doc;
}

let rt: GpuRuntime;
// Per test, not per file: with no adapter every test must fail (a failing beforeAll reports them skipped).
beforeEach(async () => {
  rt = await requireGpu();
});

describe("every preset trains on WebGPU along the CPU's loss curve", () => {
  it("finds the presets, and every budget override names one of them", () => {
    expect(presets.length).toBeGreaterThanOrEqual(10);
    for (const name of Object.keys(OVERRIDES)) expect(presets).toContain(name);
  });

  it("tells a different random stream apart (gumbel-softmax: zero init, so the seed moves only the noise)", async () => {
    const doc = load("gumbel-softmax");
    const cpu = new TrainSession(doc, nodeDatasetLoader, { seed: 0 });
    const gpu = await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt, seed: 1 });
    try {
      const r = await trainBoth(cpu, gpu, { steps: 10, evaluate: false });
      expect(r.lossGap).toBeGreaterThan(100 * TOLERANCE.loss);
    } finally {
      gpu.destroy();
    }
  });

  for (const name of presets) {
    it(name, async () => {
      const doc = load(name);
      const budget = budgetFor(name, doc);
      const cpu = new TrainSession(doc, nodeDatasetLoader, { batch: budget.batch });
      const gpu = await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt, batch: budget.batch });
      let r: ParityResult;
      try {
        r = await trainBoth(cpu, gpu, budget);
      } finally {
        gpu.destroy();
      }
      if (MEASURE) console.log(`MEASURE ${name} ${JSON.stringify(r)}`);
      const where = `${name}, ${budget.steps} steps at batch ${cpu.batch}`;
      expect(r.steps, where).toBe(budget.steps);
      expect(r.lossGap, `${where}: worst loss gap at step ${r.lossGapStep}`).toBeLessThan(TOLERANCE.loss);
      expect(r.weightGap, `${where}: worst weight gap in ${r.weightGapName}`).toBeLessThan(TOLERANCE.weights);
      if (budget.evaluate) expect(r.evalGap, `${where}: evaluation loss`).toBeLessThan(TOLERANCE.loss);
    });
  }
});
