// Every preset trained for its full stated budget on WebGPU, checked against its stated
// target where the target is a loss or an accuracy, and against the CPU executor's result for
// the same budget where the CPU run is cheap. Meant for a machine with a real GPU (SwiftShader
// would take hours on the heavy presets); the CI checks WebGPU by loss-curve parity instead.
//
//   npx tsx scripts/gpu-targets.ts [--json out.json] [--cpu-limit-ms 20]
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GpuRuntime } from "../src/backends/webgpu";
import { nodeDatasetLoader } from "../src/cli/datasets";
import { parseGraphDoc } from "../src/graph/load";
import { GpuTrainSession } from "../src/train/gpuSession";
import { TrainSession } from "../src/train/session";
import type { EvalResult } from "../src/train/session-data";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const root = join(import.meta.dirname ?? __dirname, "..");

type Check = {
  split: "train" | "test";
  metric: "accuracy" | "loss";
  below?: number;
  atLeast?: number;
  /** The loss sums over the batch (evaluated per training batch): the target is per sample. */
  perSample?: boolean;
};
/** The README's targets that are a single loss or accuracy (the others compare with the CPU). */
const TARGETS: Record<string, Check> = {
  "linear-regression": { split: "test", metric: "loss", below: 0.05 },
  "logistic-regression": { split: "test", metric: "accuracy", atLeast: 0.95 },
  "xor-mlp": { split: "train", metric: "accuracy", atLeast: 0.95 },
  "spiral-mlp": { split: "train", metric: "accuracy", atLeast: 0.95 },
  "circles-mlp": { split: "train", metric: "accuracy", atLeast: 0.95 },
  "regularisation-overfit": { split: "train", metric: "loss", below: 0.02 },
  "mnist-mlp": { split: "test", metric: "accuracy", atLeast: 0.9 },
  "mnist-cnn": { split: "test", metric: "accuracy", atLeast: 0.95 },
  "resnet-block": { split: "test", metric: "accuracy", atLeast: 0.94 },
  "transfer-learning": { split: "test", metric: "accuracy", atLeast: 0.88 },
  "rnn-sine": { split: "test", metric: "loss", below: 0.01 },
  embeddings: { split: "test", metric: "accuracy", atLeast: 0.95 },
  "vae-mnist": { split: "test", metric: "loss", below: 175, perSample: true },
};

const metricOf = (r: EvalResult, m: Check["metric"]) =>
  m === "loss" ? r.loss : (r.metrics.accuracy ?? Object.values(r.metrics)[0]);

async function main() {
  const rt = await GpuRuntime.create();
  const cpuLimit = Number(opt("cpu-limit-ms", "20"));
  console.log(`adapter: ${rt.ctx.adapter}`);
  const rows: Record<string, unknown>[] = [];
  const names = readdirSync(join(root, "presets"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""));
  for (const name of names) {
    const r = parseGraphDoc(readFileSync(join(root, "presets", `${name}.json`), "utf8"), name);
    if (!r.ok) throw new Error(`${name} does not parse`);
    const steps = r.doc.training?.steps ?? 300;
    const row: Record<string, unknown> = { name, steps };
    try {
      const gpu = await GpuTrainSession.create(r.doc, nodeDatasetLoader, { runtime: rt });
      const t0 = performance.now();
      const logs = await gpu.trainSteps(steps);
      row.gpuSeconds = +((performance.now() - t0) / 1000).toFixed(2);
      row.lastLoss = logs[logs.length - 1]?.loss;
      const evals = { train: await gpu.evaluate("train"), test: await gpu.evaluate("test") };
      const check = TARGETS[name];
      if (check) {
        const raw = metricOf(evals[check.split], check.metric);
        const v = raw !== undefined && check.perSample ? raw / gpu.batch : raw;
        row.target = `${check.split} ${check.metric} ${check.below !== undefined ? `< ${check.below}` : `≥ ${check.atLeast}`}`;
        row.got = v;
        row.met = v !== undefined && (check.below !== undefined ? v < check.below : v >= check.atLeast!);
      }
      // The CPU for the same budget, where that is cheap: the two final losses should agree.
      const cpu = new TrainSession(r.doc, nodeDatasetLoader);
      const c0 = performance.now();
      cpu.trainStep();
      const perStep = performance.now() - c0;
      if (perStep < cpuLimit) {
        for (let k = 1; k < steps; k++) cpu.trainStep();
        const ce = cpu.evaluate("test");
        row.cpuTestLoss = ce.loss;
        row.gpuTestLoss = evals.test.loss;
      }
      gpu.destroy();
    } catch (e) {
      row.error = (e as Error).message;
    }
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  console.table(rows);
  const out = opt("json", "");
  if (out) writeFileSync(out, JSON.stringify({ adapter: rt.ctx.adapter, rows }, null, 1));
  rt.destroy();
  process.exit(rows.some((r) => r.error || r.met === false) ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
