// Timing loops shared by every library: a first (compiling) run reported on its own, then
// timed runs that alternate the order of the libraries, each awaited step by step and
// pipelined (N steps queued, one await). Counts of WebGPU calls come from counters.ts.

import { gpuCounts, snapshot } from "./counters";
import type { Batch } from "./data";
import type { Library, MatmulRunner, Trainer } from "./library";
import { spread } from "./stats";
import type { GpuCalls, MatmulCell, TrainCell } from "./types";
import type { TrainSpec } from "./workloads";

export interface Budget {
  /** Timed runs per mode (≥ 5 in a full run). */
  runs: number;
  /** Wall time one timed run aims at; slow libraries still do their minimum steps. */
  targetMs: number;
  maxSteps: number;
  /** A library that does not answer within this is reported as failed (ms). */
  timeoutMs: number;
}

export function log(msg: string): void {
  console.log(`[bench] ${msg}`);
}

export function errorText(e: unknown): string {
  const m = e instanceof Error ? `${e.name === "Error" ? "" : `${e.name}: `}${e.message}` : String(e);
  return m.split("\n")[0].slice(0, 300);
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));

function callsSince(before: GpuCalls, per: number): GpuCalls {
  return {
    dispatches: (gpuCounts.dispatches - before.dispatches) / per,
    submits: (gpuCounts.submits - before.submits) / per,
    writeBuffers: (gpuCounts.writeBuffers - before.writeBuffers) / per,
  };
}

async function awaitedRun(t: Trainer, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await t.read(t.step());
  return performance.now() - t0;
}

async function pipelinedRun(t: Trainer, n: number): Promise<number> {
  const t0 = performance.now();
  if (t.queue) {
    await t.queue(n);
    return performance.now() - t0;
  }
  let last: unknown;
  for (let i = 0; i < n; i++) {
    const h = t.step();
    if (i > 0) t.drop(last);
    last = h;
  }
  await t.read(last);
  return performance.now() - t0;
}

interface Live {
  lib: Library;
  cell: TrainCell;
  trainer?: Trainer;
  n: { awaited: number; pipelined: number };
  times: { awaited: number[]; pipelined: number[] };
}

/** Workload 1–3 for every library: throughput per mode, first step, WebGPU calls per step. */
export async function benchTraining(
  spec: TrainSpec,
  data: Batch,
  libs: Library[],
  b: Budget,
): Promise<TrainCell[]> {
  const scale = spec.unit === "examples/s" ? spec.batch : 1;
  const live: Live[] = libs.map((lib) => ({
    lib,
    cell: { lib: lib.id },
    n: { awaited: 1, pipelined: 2 },
    times: { awaited: [], pipelined: [] },
  }));
  const fail = (l: Live, e: unknown, when: string) => {
    l.cell.error = `${when}: ${errorText(e)}`;
    log(`w${spec.id} ${l.lib.id} failed ${l.cell.error}`);
    try {
      l.trainer?.dispose();
    } catch {
      // already reported
    }
    l.trainer = undefined;
  };
  // First runs: set-up and the first step (compiles), then calibrate steps per run.
  for (const l of live) {
    try {
      const t0 = performance.now();
      const t = await withTimeout(l.lib.train(spec, data), b.timeoutMs, "set-up");
      l.trainer = t;
      await withTimeout(t.read(t.step()), b.timeoutMs, "first step");
      l.cell.firstMs = performance.now() - t0;
      // Libraries that compile lazily (TF.js per op and shape) may still be warming up on the
      // second step; a fast library affords a third before its pace is taken.
      let one = await withTimeout(awaitedRun(t, 1), b.timeoutMs, "warm-up step");
      if (one < b.targetMs) one = await withTimeout(awaitedRun(t, 1), b.timeoutMs, "warm-up step");
      l.n.awaited = clamp(b.targetMs / one, 1, b.maxSteps);
      const n0 = clamp(b.targetMs / one, 2, b.maxSteps);
      const p = await withTimeout(pipelinedRun(t, n0), b.timeoutMs, "pipelined warm-up");
      l.n.pipelined = clamp((b.targetMs * n0) / p, 2, b.maxSteps);
      l.cell.stepsPerRun = { ...l.n };
      log(
        `w${spec.id} ${l.lib.id}: first step ${l.cell.firstMs.toFixed(0)} ms, ${l.n.awaited} awaited / ${l.n.pipelined} pipelined steps per run`,
      );
    } catch (e) {
      fail(l, e, l.trainer ? "first run" : "set-up");
    }
  }
  const calls = { awaited: new Map<Live, GpuCalls>(), pipelined: new Map<Live, GpuCalls>() };
  for (let r = 0; r < b.runs; r++) {
    const order = r % 2 === 0 ? live : [...live].reverse();
    for (const l of order) {
      const t = l.trainer;
      if (!t) continue;
      try {
        await t.activate();
        let before = snapshot();
        l.times.awaited.push(await withTimeout(awaitedRun(t, l.n.awaited), b.timeoutMs, "awaited run"));
        if (r === 0) calls.awaited.set(l, callsSince(before, l.n.awaited));
        before = snapshot();
        l.times.pipelined.push(
          await withTimeout(pipelinedRun(t, l.n.pipelined), b.timeoutMs, "pipelined run"),
        );
        if (r === 0) calls.pipelined.set(l, callsSince(before, l.n.pipelined));
      } catch (e) {
        fail(l, e, `run ${r + 1}`);
      }
    }
    log(`w${spec.id} run ${r + 1}/${b.runs} done`);
  }
  for (const l of live) {
    if (l.trainer) {
      const rate = (ms: number[], n: number) => spread(ms.map((t) => (n * scale * 1000) / t));
      l.cell.awaited = rate(l.times.awaited, l.n.awaited);
      l.cell.pipelined = rate(l.times.pipelined, l.n.pipelined);
      l.cell.perStep = { awaited: calls.awaited.get(l)!, pipelined: calls.pipelined.get(l)! };
      l.cell.own = l.trainer.own?.();
      l.trainer.dispose();
    }
  }
  return live.map((l) => l.cell);
}

/** Workload 4 at one size: GFLOP/s of repeated n×n×n products, the last read back. */
export async function benchMatmul(n: number, libs: Library[], b: Budget): Promise<MatmulCell[]> {
  const flop = 2 * n ** 3;
  const live = libs.map((lib) => ({
    lib,
    cell: { lib: lib.id, n } as MatmulCell,
    runner: undefined as MatmulRunner | undefined,
    reps: 1,
    gflops: [] as number[],
  }));
  for (const l of live) {
    try {
      const t0 = performance.now();
      l.runner = await withTimeout(l.lib.matmul!(n), b.timeoutMs, "set-up");
      await withTimeout(l.runner.run(1), b.timeoutMs, "first product");
      l.cell.firstMs = performance.now() - t0;
      // A product slower than a run's target is its own pace; faster ones are timed once more.
      let once = l.cell.firstMs;
      if (once < b.targetMs) {
        const t1 = performance.now();
        await withTimeout(l.runner.run(1), b.timeoutMs, "second product");
        once = performance.now() - t1;
      }
      l.reps = clamp(b.targetMs / once, 1, 64);
      l.cell.repsPerRun = l.reps;
    } catch (e) {
      l.cell.error = `${l.runner ? "first run" : "set-up"}: ${errorText(e)}`;
      log(`w4 ${n}³ ${l.lib.id} failed ${l.cell.error}`);
      l.runner?.dispose();
      l.runner = undefined;
    }
  }
  for (let r = 0; r < b.runs; r++) {
    const order = r % 2 === 0 ? live : [...live].reverse();
    for (const l of order) {
      if (!l.runner) continue;
      try {
        await l.runner.activate();
        const before = snapshot();
        const t0 = performance.now();
        await withTimeout(l.runner.run(l.reps), b.timeoutMs, "timed run");
        l.gflops.push((l.reps * flop) / ((performance.now() - t0) * 1e6));
        if (r === 0) l.cell.perMatmul = callsSince(before, l.reps);
      } catch (e) {
        l.cell.error = `run ${r + 1}: ${errorText(e)}`;
        l.runner.dispose();
        l.runner = undefined;
      }
    }
  }
  for (const l of live) {
    if (l.runner) {
      l.cell.gflops = spread(l.gflops);
      l.runner.dispose();
    }
  }
  log(`w4 ${n}³ done`);
  return live.map((l) => l.cell);
}
