// The page side of scripts/plan-profile-browser.ts: workload 5's re-plan, many times over, in
// whatever JavaScript engine loads it. Each round compiles a fresh edited document (analyze,
// lower + autodiff, WebGPU plan) on a kernel cache warm from the unedited graph, as the
// bench's re-plan does, and the series shows how the engine warms up.

import { bigGraph } from "../bench/graphs";
import { KernelCache } from "../src/backends/webgpu/kernelCache";
import { planProgram } from "../src/backends/webgpu/plan";
import { analyze } from "../src/compile/analyze";
import { buildTrainProgram } from "../src/compile/program";

export interface PlanLoopResult {
  /** Whole re-plan per round (ms). */
  series: number[];
  /** Medians over the rounds after `warmup` (ms). */
  analyze: number;
  program: number;
  plan: number;
  total: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function compile(editAt: number, kernels: KernelCache): [number, number, number] {
  const doc = bigGraph(editAt);
  const t0 = performance.now();
  const a = analyze(doc);
  const t1 = performance.now();
  const p = buildTrainProgram(doc, 32, a);
  const t2 = performance.now();
  const outputs = [p.loss!, ...p.metrics.values(), ...p.updates.values()];
  planProgram(p.nodes, outputs, { fuse: true, maxInputs: 7, updates: p.updates, kernels });
  return [t1 - t0, t2 - t1, performance.now() - t2];
}

const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `gapMs`: the engine idle this long before each compile, as between a person's edits (bench/graph.ts). */
export async function planLoop(rounds: number, warmup: number, gapMs = 0): Promise<PlanLoopResult> {
  const series: number[] = [];
  const phases: [number, number, number][] = [];
  for (let r = 0; r < rounds; r++) {
    const kernels = new KernelCache();
    if (gapMs) await idle(gapMs);
    compile(-1, kernels);
    if (gapMs) await idle(gapMs);
    const t = compile(r % 48, kernels);
    series.push(t[0] + t[1] + t[2]);
    if (r >= warmup) phases.push(t);
  }
  return {
    series,
    analyze: median(phases.map((t) => t[0])),
    program: median(phases.map((t) => t[1])),
    plan: median(phases.map((t) => t[2])),
    total: median(phases.map((t) => t[0] + t[1] + t[2])),
  };
}

(globalThis as { planLoop?: typeof planLoop }).planLoop = planLoop;
