// A few presets trained on the CPU executor and on the page's WebGPU side by side, judged as
// in Node (test/backends/presetParity.ts): a small MLP, MNIST fetched from public/data, and
// the stochastic blocks whose counter-based random streams must match between backends.

import type { GpuRuntime } from "../../src/backends/webgpu";
import { fetchMnist, makeDataset } from "../../src/data/index";
import type { Dataset } from "../../src/data/types";
import { parseGraphDoc } from "../../src/graph/load";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { type DatasetLoader, TrainSession } from "../../src/train/session";
import { type ParityBudget, TOLERANCE, trainBoth } from "../backends/presetParity";
import type { CheckResult } from "./results";

export const BROWSER_PRESETS: { name: string; budget: ParityBudget; why: string }[] = [
  { name: "spiral-mlp", budget: { steps: 60, evaluate: true }, why: "an MLP with Adam" },
  { name: "mnist-mlp", budget: { steps: 10, evaluate: false }, why: "MNIST fetched in the page" },
  { name: "gan-2d", budget: { steps: 40, evaluate: false }, why: "NormalSample noise, two optimisers" },
  { name: "gumbel-softmax", budget: { steps: 40, evaluate: false }, why: "Gumbel noise" },
  { name: "vae-mnist", budget: { steps: 4, batch: 16, evaluate: false }, why: "reparameterised sampling" },
];

async function loadPreset(name: string) {
  const res = await fetch(`/presets/${name}.json`);
  if (!res.ok) throw new Error(`fetching /presets/${name}.json: HTTP ${res.status}`);
  const r = parseGraphDoc(await res.text(), `${name}.json`);
  if (!r.ok) throw new Error(`presets/${name}.json does not load`);
  return r.doc;
}

export async function checkPresets(rt: GpuRuntime, report: (r: CheckResult) => void): Promise<void> {
  let mnist: Dataset | undefined;
  const load: DatasetLoader = (name, args) =>
    makeDataset(name, args, {
      mnist: () => {
        if (!mnist) throw new Error("MNIST was not fetched");
        return mnist;
      },
    });
  for (const { name, budget, why } of BROWSER_PRESETS) {
    const t0 = performance.now();
    const label = `${name}, ${budget.steps} steps (${why})`;
    try {
      const doc = await loadPreset(name);
      if (!mnist && doc.nodes.some((n) => n.type === "Dataset" && n.params?.name === "mnist"))
        mnist = await fetchMnist();
      const cpu = new TrainSession(doc, load, { batch: budget.batch });
      const gpu = await GpuTrainSession.create(doc, load, { runtime: rt, batch: budget.batch });
      try {
        const r = await trainBoth(cpu, gpu, budget);
        const ok =
          r.steps === budget.steps &&
          r.lossGap < TOLERANCE.loss &&
          r.weightGap < TOLERANCE.weights &&
          r.evalGap < TOLERANCE.loss;
        const detail =
          `loss gap ${r.lossGap.toExponential(2)} (step ${r.lossGapStep}), weight gap ` +
          `${r.weightGap.toExponential(2)} (${r.weightGapName}), eval gap ${r.evalGap.toExponential(2)}; ` +
          `loss ${r.firstLoss.toPrecision(4)} → ${r.lastLoss.cpu.toPrecision(6)} (GPU ${r.lastLoss.gpu.toPrecision(6)})`;
        report({ name: label, ok, detail, ms: performance.now() - t0 });
      } finally {
        gpu.destroy();
      }
    } catch (e) {
      report({
        name: label,
        ok: false,
        detail: `threw: ${(e as Error).message}`,
        ms: performance.now() - t0,
      });
    }
  }
}
