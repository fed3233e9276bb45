import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { grad } from "../../src/autodiff/grad";
import { executeCpu } from "../../src/backends/cpu/executor";
import type { GpuRuntime } from "../../src/backends/webgpu";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { parseGraphDoc } from "../../src/graph/load";
import { IRBuilder } from "../../src/ir/builder";
import { ALL_PRIMS } from "../../src/ir/prims";
import { SeededRandom } from "../../src/ir/rng";
import { GpuTrainSession } from "../../src/train/gpuSession";
import { TrainSession } from "../../src/train/session";
import { drawValues } from "../helpers/blockHarness";
import { diff, requireGpu } from "./gpu";
import { cases } from "./primCases";

// The whole-program kernel (src/backends/webgpu/single/) against the CPU executor: every
// primitive it runs, forward and gradients, within the same tolerances as the planned
// path (primCases.ts says why each is that size: the kernel uses the same WGSL maths,
// adds in the CPU's order and accumulates matmuls with fma in k order, as the planned
// kernels do), and three presets' loss curves over 20 steps.

let rt: GpuRuntime;
beforeEach(async () => {
  rt = await requireGpu();
});

// The sessions build their programs through GpuRuntime.compile, which reads this when a
// program names no path (this file runs in its own worker, so no other test sees it).
process.env.WIREGRAD_GPU_PATH = "single";

const UNSUPPORTED = new Set(["unfold", "fold"]);

describe("single kernel: every primitive agrees with the CPU (Float32)", () => {
  for (const prim of ALL_PRIMS) {
    if (UNSUPPORTED.has(prim)) continue;
    cases[prim].forEach((c, i) => {
      it(`${prim} case ${i}${c.note ? ` (${c.note})` : ""}`, async () => {
        const b = new IRBuilder();
        const rng = new SeededRandom(7, 2);
        const feeds: Record<string, Float32Array> = {};
        const xs = c.inputs.map((inp, k) => {
          feeds[`x${k}`] = Float32Array.from(drawValues(inp.domain, inp.shape, rng));
          return b.input(`x${k}`, inp.shape);
        });
        const y = c.apply(b, xs);
        const r = b.constant(Float32Array.from(drawValues(undefined, [...y.shape], rng)), [...y.shape]);
        const wrt = c.inputs.flatMap((inp, k) =>
          inp.grad === false || ["int", "values"].includes(inp.domain?.kind ?? "") ? [] : [xs[k]],
        );
        const grads = grad(b, y.mul(r).sum(), wrt).map((g) => g.id);
        const outs = [y.id, ...grads];
        const variables = { v: Float32Array.from([0.5, -1, 2]) };
        const frame = { seed: 5, step: 3 };
        const cpu = executeCpu(b.nodes, outs, { dtype: "f32", feeds, variables, ...frame });
        rt.setVariable("v", variables.v);
        const p = await rt.compile({ nodes: b.nodes, outputs: outs, path: "single" });
        expect(p.dispatchCount).toBe(1);
        const gpu = await p.run(feeds, frame, outs);
        p.destroy();
        const fwd = diff(gpu[0], cpu[0]);
        expect(
          c.tol.fwdNorm ? fwd.normUlps : fwd.ulps,
          `forward ${JSON.stringify(fwd.worst)}; ${c.tol.why}`,
        ).toBeLessThanOrEqual(c.tol.fwd);
        grads.forEach((_, k) => {
          const d = diff(gpu[k + 1], cpu[k + 1]);
          expect(d.normUlps, `gradient ${k} ${JSON.stringify(d.worst)}; ${c.tol.why}`).toBeLessThanOrEqual(
            c.tol.grad,
          );
        });
      });
    });
  }
});

function preset(name: string) {
  const r = parseGraphDoc(readFileSync(join(__dirname, "../../presets", `${name}.json`), "utf8"), name);
  if (!r.ok) throw new Error(name);
  return r.doc;
}

describe("single kernel: presets follow the CPU's loss curve for 20 steps", () => {
  const sessions: GpuTrainSession[] = [];
  afterAll(() => {
    for (const s of sessions) s.destroy();
  });
  for (const name of ["linear-regression", "xor-mlp", "spiral-mlp"]) {
    it(name, async () => {
      const doc = preset(name);
      const cpu = new TrainSession(doc, nodeDatasetLoader);
      const gpu = await GpuTrainSession.create(doc, nodeDatasetLoader, { runtime: rt });
      sessions.push(gpu);
      // The step's own work is one dispatch (a session may add its batch-gather dispatches).
      const s = gpu.stats as { dispatches: number; batchDispatches?: number };
      expect(s.dispatches - (s.batchDispatches ?? 0)).toBe(1);
      const pending = Array.from({ length: 20 }, () => gpu.trainStep());
      const cpuLogs = Array.from({ length: 20 }, () => cpu.trainStep());
      const gpuLogs = await Promise.all(pending);
      let worst = 0;
      cpuLogs.forEach((c, k) => {
        worst = Math.max(worst, Math.abs(gpuLogs[k].loss - c.loss) / Math.abs(c.loss));
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
      // train-parity.test.ts's bound and argument: a few ulp per op, ~1e-6 relative after
      // an MLP's forward and backward, not amplified over short runs; 2e-5 leaves 10×.
      expect(worst).toBeLessThan(2e-5);
      expect(wWorst).toBeLessThan(2e-5);
    });
  }
});
