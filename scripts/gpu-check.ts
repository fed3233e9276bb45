// A standalone check of the WebGPU backend on whatever adapter this machine has (a real GPU
// or SwiftShader): every primitive's parity cases against the CPU executor, every preset's
// loss curve on both backends, and a few step timings. It is what the Vitest suite checks,
// runnable where Vitest is not installed (e.g. bundled onto a GPU machine):
//
//   npx tsx scripts/gpu-check.ts [--steps 20] [--json out.json]
//
// Exit code 1 when any case is outside its tolerance.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { executeCpu } from "../src/backends/cpu/executor";
import { GpuRuntime } from "../src/backends/webgpu";
import { nodeDatasetLoader } from "../src/cli/datasets";
import { parseGraphDoc } from "../src/graph/load";
import { IRBuilder } from "../src/ir/builder";
import { ALL_PRIMS } from "../src/ir/prims";
import { GpuTrainSession } from "../src/train/gpuSession";
import { TrainSession } from "../src/train/session";
import { diff } from "../test/backends/gpu";
import { buildCaseProgram, cases } from "../test/backends/primCases";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const STEPS = Number(opt("steps", "20"));
const root = join(import.meta.dirname ?? __dirname, "..");

async function primitiveParity(rt: GpuRuntime) {
  const failures: string[] = [];
  let checked = 0;
  for (const prim of ALL_PRIMS) {
    for (const [i, c] of cases[prim].entries()) {
      const s = buildCaseProgram(c, false);
      const outs = [s.y, ...s.grads];
      const frame = { seed: 5, step: 3 };
      const { variables } = s;
      rt.setVariable("v", variables.v);
      const cpu = executeCpu(s.nodes, outs, { dtype: "f32", feeds: s.feeds, variables, ...frame });
      for (const fuse of [true, false]) {
        checked++;
        try {
          const p = await rt.compile({ nodes: s.nodes, outputs: outs, fuse });
          const gpu = await p.run(s.feeds, frame, outs);
          p.destroy();
          const fwd = diff(gpu[0], cpu[0]);
          const fwdErr = c.tol.fwdNorm ? fwd.normUlps : fwd.ulps;
          if (!(fwdErr <= c.tol.fwd))
            failures.push(`${prim}#${i} fuse=${fuse} forward ${fwdErr.toFixed(1)} ulp > ${c.tol.fwd}`);
          for (let k = 1; k < outs.length; k++) {
            const d = diff(gpu[k], cpu[k]);
            if (!(d.normUlps <= c.tol.grad))
              failures.push(
                `${prim}#${i} fuse=${fuse} grad ${k} ${d.normUlps.toFixed(1)} ulp > ${c.tol.grad}`,
              );
          }
        } catch (e) {
          failures.push(`${prim}#${i} fuse=${fuse} threw: ${(e as Error).message}`);
        }
      }
    }
  }
  return { checked, failures };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function presetParity(rt: GpuRuntime) {
  const rows: Record<string, unknown>[] = [];
  const dir = join(root, "presets");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const name = file.replace(/\.json$/, "");
    const r = parseGraphDoc(readFileSync(join(dir, file), "utf8"), file);
    if (!r.ok) {
      rows.push({ name, error: "does not parse" });
      continue;
    }
    try {
      const cpu = new TrainSession(r.doc, nodeDatasetLoader);
      const gpu = await GpuTrainSession.create(r.doc, nodeDatasetLoader, { runtime: rt });
      const t0 = performance.now();
      const gpuLogs = await Promise.all(Array.from({ length: STEPS }, () => gpu.trainStep()));
      const gpuMs = (performance.now() - t0) / STEPS;
      const t1 = performance.now();
      const cpuLogs = Array.from({ length: STEPS }, () => cpu.trainStep());
      const cpuMs = (performance.now() - t1) / STEPS;
      let worst = 0;
      cpuLogs.forEach((c, k) => {
        worst = Math.max(worst, Math.abs(gpuLogs[k].loss - c.loss) / Math.max(Math.abs(c.loss), 1e-12));
      });
      rows.push({
        name,
        steps: STEPS,
        batch: gpu.batch,
        lossRelGap: worst,
        firstLoss: cpuLogs[0].loss,
        lastLoss: cpuLogs[STEPS - 1].loss,
        gpuMsPerStep: gpuMs,
        cpuMsPerStep: cpuMs,
        dispatches: gpu.stats.dispatches,
      });
      gpu.destroy();
    } catch (e) {
      rows.push({ name, error: (e as Error).message });
    }
  }
  return rows;
}

async function matmulRates(rt: GpuRuntime) {
  const out: Record<string, number> = {};
  for (const n of [256, 512, 1024, 2048]) {
    const b = new IRBuilder();
    const x = b.input("a", [n, n]);
    const y = b.input("b", [n, n]);
    const z = x.matmul(y);
    const feeds = { a: new Float32Array(n * n).fill(0.5), b: new Float32Array(n * n).fill(0.25) };
    const p = await rt.compile({ nodes: b.nodes, outputs: [z.id] });
    await p.run(feeds, { seed: 0, step: 0 }, [z.id]);
    const reps = n >= 1024 ? 10 : 30;
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      const enc = rt.device.createCommandEncoder();
      for (let i = 0; i < reps; i++) p.encode(enc);
      rt.device.queue.submit([enc.finish()]);
      await rt.device.queue.onSubmittedWorkDone();
      times.push((performance.now() - t0) / reps);
    }
    out[`${n}^3 GFLOP/s`] = (2 * n ** 3) / (median(times) * 1e6);
    p.destroy();
  }
  return out;
}

async function main() {
  const rt = await GpuRuntime.create();
  const report: Record<string, unknown> = { adapter: rt.ctx.adapter, software: rt.ctx.software };
  console.log(`adapter: ${rt.ctx.adapter}${rt.ctx.software ? " (software)" : ""}`);
  const prims = await primitiveParity(rt);
  report.primitives = prims;
  console.log(`primitive parity: ${prims.checked} checks, ${prims.failures.length} outside tolerance`);
  for (const f of prims.failures.slice(0, 40)) console.log(`  FAIL ${f}`);
  const presets = await presetParity(rt);
  report.presets = presets;
  console.table(presets);
  try {
    report.matmul = await matmulRates(rt);
    console.log(report.matmul);
  } catch (e) {
    report.matmul = { error: (e as Error).message };
    console.log(`matmul: ${(e as Error).message}`);
  }
  const out = opt("json", "");
  if (out) writeFileSync(out, JSON.stringify(report, null, 1));
  const presetFail = presets.filter((p) => p.error || !((p.lossRelGap as number) < 1e-3));
  rt.destroy();
  process.exit(prims.failures.length || presetFail.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
