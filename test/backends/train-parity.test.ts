import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { GpuRuntime } from "../../src/backends/webgpu";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { parseGraphDoc } from "../../src/graph/load";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { TrainSession } from "../../src/train/session";
import { requireGpu } from "./gpu";

// Training parity: each preset, same seed, same batches, N steps on the CPU executor and on
// WebGPU; the loss curves, the final weights and the evaluation must agree.

let rt: GpuRuntime;
// Per test, not per file: with no adapter every test must fail (a failing beforeAll reports them skipped).
beforeEach(async () => {
  rt = await requireGpu();
});

function preset(name: string) {
  const r = parseGraphDoc(readFileSync(join(__dirname, "../../presets", `${name}.json`), "utf8"), name);
  if (!r.ok) throw new Error(name);
  return r.doc;
}

const MEASURE = !!process.env.WIREGRAD_MEASURE;
const runs = [
  { name: "linear-regression", steps: 150 },
  { name: "xor-mlp", steps: 150 },
  { name: "spiral-mlp", steps: 300 },
];

describe("training on WebGPU follows the CPU's loss curve", () => {
  const sessions: GpuTrainSession[] = [];
  afterAll(() => {
    for (const s of sessions) s.destroy();
  });
  for (const { name, steps } of runs) {
    it(`${name}, ${steps} steps`, async () => {
      const doc = preset(name);
      const cpu = new TrainSession(doc, nodeDatasetLoader);
      const gpu = await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt });
      sessions.push(gpu);
      const pending = Array.from({ length: steps }, () => gpu.trainStep());
      const cpuLogs = Array.from({ length: steps }, () => cpu.trainStep());
      const gpuLogs = await Promise.all(pending);
      let worst = 0;
      cpuLogs.forEach((c, k) => {
        expect(gpuLogs[k].step).toBe(c.step);
        const rel = Math.abs(gpuLogs[k].loss - c.loss) / Math.abs(c.loss);
        worst = Math.max(worst, rel);
      });
      const vars = await gpu.syncVariables();
      let wWorst = 0;
      for (const [n, v] of cpu.variables) {
        const g = vars.get(n)!;
        let scale = 0;
        v.forEach((x) => {
          scale = Math.max(scale, Math.abs(x));
        });
        v.forEach((x, i) => {
          wWorst = Math.max(wWorst, Math.abs(g[i] - x) / Math.max(scale, 1e-12));
        });
      }
      const [ce, ge] = [cpu.evaluate("test"), await gpu.evaluate("test")];
      if (MEASURE) {
        console.log(
          `MEASURE train ${name} loss rel ${worst.toExponential(2)} weights rel ${wWorst.toExponential(2)} eval ${ce.loss} vs ${ge.loss} stats ${JSON.stringify(gpu.stats)}`,
        );
      }
      // Per step the backends differ by a few ulp per op (primCases: ≤ 3 ulp elementwise,
      // ≤ 2√k ulp for k-term sums), ~1e-6 relative after an MLP's forward and backward; the
      // optimisers damp rather than amplify such differences over these short runs (measured
      // ≤ 8e-7 in the loss, ≤ 2e-6 in the weights after 150–300 steps). 2e-5 leaves 10× margin
      // and is far below what any wrong kernel does (loss off by 1e-3 or more within a step).
      expect(worst).toBeLessThan(2e-5);
      expect(wWorst).toBeLessThan(2e-5);
      expect(Math.abs(ge.loss! - ce.loss!) / ce.loss!).toBeLessThan(2e-5);
    });
  }
});
