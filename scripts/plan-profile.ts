// Times the WebGPU planner on workload 5's 200-block graph and checks that its output is
// unchanged: `npx tsx scripts/plan-profile.ts` prints planProgram's median (of 7) from an
// empty kernel cache, the re-plan after a one-block edit on the cache the unedited graph
// left, and the host's whole compile (analyze → program → plan, WGSL text included);
// `--write-digest FILE` stores a digest of every preset's plan and the big graph's,
// `--check-digest FILE` compares against one stored before a change.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bigGraph } from "../bench/graphs";
import { hazards } from "../src/backends/webgpu/executor";
import { KernelCache } from "../src/backends/webgpu/kernelCache";
import { type BufferPlan, planProgram } from "../src/backends/webgpu/plan";
import { analyze } from "../src/compile/analyze";
import { buildTrainProgram } from "../src/compile/program";
import type { GraphDoc } from "../src/graph/doc";
import { loadGraphDoc } from "../src/graph/load";

const MAX_INPUTS = 7;
const RUNS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function program(doc: GraphDoc) {
  const a = analyze(doc);
  if (a.problems.length) throw new Error(JSON.stringify(a.problems));
  const p = buildTrainProgram(doc, doc.training?.batch_size ?? 32, a);
  const outputs = [p.loss!, ...p.metrics.values(), ...p.updates.values()];
  return { p, outputs };
}

function plan(doc: GraphDoc, fuse = true, kernels?: KernelCache): BufferPlan {
  const { p, outputs } = program(doc);
  return planProgram(p.nodes, [...new Set(outputs)], {
    fuse,
    maxInputs: MAX_INPUTS,
    detach: hazards(p.nodes, p.updates),
    updates: p.updates,
    kernels,
  });
}

function digest(pl: BufferPlan): string {
  const h = createHash("sha256");
  for (const k of pl.kernels)
    h.update(JSON.stringify([k.label, k.code, k.reads, k.writes, k.frame, k.groups]));
  h.update(JSON.stringify([...pl.storages.entries()].sort((a, b) => a[0] - b[0])));
  h.update(JSON.stringify([pl.buffers, pl.stats, [...pl.frameSlots]]));
  return h.digest("hex").slice(0, 16);
}

/** Every plan from an empty kernel cache, or (`shared`) all of them on one, as a runtime plans. */
function allDigests(shared?: KernelCache): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync("presets")
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const r = loadGraphDoc(JSON.parse(readFileSync(join("presets", f), "utf8")), f);
    if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.problems)}`);
    for (const fuse of [true, false]) {
      try {
        out[`${f}${fuse ? "" : " unfused"}`] = digest(plan(r.doc, fuse, shared));
      } catch (e) {
        out[`${f}${fuse ? "" : " unfused"}`] = `error: ${(e as Error).message.slice(0, 80)}`;
      }
    }
  }
  out.bigGraph = digest(plan(bigGraph(), true, shared));
  out["bigGraph edit 7"] = digest(plan(bigGraph(7), true, shared));
  out["bigGraph unfused"] = digest(plan(bigGraph(), false, shared));
  return out;
}

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const write = flag("--write-digest");
const check = flag("--check-digest");
if (write || check) {
  const d = allDigests();
  if (write) writeFileSync(write, `${JSON.stringify(d, null, 2)}\n`);
  if (check) {
    const want = JSON.parse(readFileSync(check, "utf8")) as Record<string, string>;
    // Also planned on one kernel cache: a hit must give the plan a miss gives.
    const warm = allDigests(new KernelCache());
    for (const [mode, got] of [
      ["", d],
      [" (shared kernel cache)", warm],
    ] as const) {
      const bad = Object.keys({ ...want, ...got }).filter((k) => want[k] !== got[k]);
      for (const k of bad) console.log(`DIFFERS${mode} ${k}: ${want[k]} → ${got[k]}`);
      console.log(
        bad.length
          ? `${bad.length} plans differ${mode}`
          : `all ${Object.keys(got).length} plans identical${mode}`,
      );
      if (bad.length) process.exitCode = 1;
    }
  }
}

if (!args.includes("--no-time")) {
  const base = program(bigGraph());
  const opts = (p: typeof base.p, kernels = new KernelCache()) => ({
    fuse: true,
    maxInputs: MAX_INPUTS,
    updates: p.updates,
    kernels,
  });
  // Cold (first plan in the process), then the median of RUNS on fresh programs.
  let t = performance.now();
  const first = planProgram(base.p.nodes, base.outputs, opts(base.p));
  const coldMs = performance.now() - t;
  const planMs: number[] = [];
  const replanMs: number[] = [];
  const totalMs: number[] = [];
  const replanTotalMs: number[] = [];
  const planCpu: number[] = [];
  const replanCpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    // The whole host compile of a fresh document (as the bench's "plan ready").
    t = performance.now();
    const fresh = program(bigGraph());
    const t1 = performance.now();
    const c1 = cpuMs();
    planProgram(fresh.p.nodes, fresh.outputs, opts(fresh.p));
    planCpu.push(cpuMs() - c1);
    const t2 = performance.now();
    totalMs.push(t2 - t);
    planMs.push(t2 - t1);
    // A one-block edit, planned after the unedited graph on the kernels that one left.
    const kernels = new KernelCache();
    planProgram(fresh.p.nodes, fresh.outputs, opts(fresh.p, kernels));
    t = performance.now();
    const edited = program(bigGraph(r % 48));
    const t3 = performance.now();
    const c3 = cpuMs();
    planProgram(edited.p.nodes, edited.outputs, opts(edited.p, kernels));
    replanCpu.push(cpuMs() - c3);
    const t4 = performance.now();
    replanMs.push(t4 - t3);
    replanTotalMs.push(t4 - t);
  }
  console.log(
    `200-block graph: ${base.p.nodes.length} IR nodes → ${first.kernels.length} kernels, ${first.buffers.length} buffers`,
  );
  console.log(`planProgram cold (first in process, JIT cold): ${coldMs.toFixed(1)} ms`);
  console.log(
    `planProgram (empty kernel cache) median of ${RUNS}: ${median(planMs).toFixed(1)} ms  [${planMs.map((x) => x.toFixed(0))}]`,
  );
  console.log(
    `re-plan after one edit (kernel cache warm), median of ${RUNS}: ${median(replanMs).toFixed(1)} ms  [${replanMs.map((x) => x.toFixed(0))}]`,
  );
  console.log(
    `process CPU time (robust to a shared machine): planProgram median ${median(planCpu).toFixed(1)} ms, min ${Math.min(...planCpu).toFixed(1)}; re-plan median ${median(replanCpu).toFixed(1)} ms, min ${Math.min(...replanCpu).toFixed(1)}`,
  );
  console.log(
    `re-plan ready after one edit (analyze + program + plan), median of ${RUNS}: ${median(replanTotalMs).toFixed(1)} ms`,
  );
  console.log(
    `plan ready (analyze + program + plan + WGSL), median of ${RUNS}: ${median(totalMs).toFixed(1)} ms  [${totalMs.map((x) => x.toFixed(0))}]`,
  );
}
