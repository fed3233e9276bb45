// The benchmark page (served by Vite at /bench/, driven by scripts/bench.ts): every library
// in this one page, on this page's WebGPU adapter. Options come from the query string:
// ?only=1,4 picks workloads, ?quick=1 does fewer runs. The result lands on window.__bench.

import { installGpuCounters } from "./counters";
import { makeBatch } from "./data";
import { benchGraph, plannerMemory } from "./graph";
import { type Budget, benchMatmul, benchTraining, errorText, log } from "./harness";
import type { Library } from "./library";
import { jaxWebgpu } from "./libs/jax";
import { tfjsCpu, tfjsWebgl, tfjsWebgpu } from "./libs/tfjs";
import { autoChoices, wiregradAuto, wiregradCpu, wiregradRuntime, wiregradWebgpu } from "./libs/wiregrad";
import type { BenchResult } from "./types";
import { TRAIN_SPECS } from "./workloads";

declare global {
  interface Window {
    /** partial: the workloads finished so far, for a launcher that stops waiting. */
    __bench?: { done: boolean; result?: BenchResult; partial?: BenchResult; error?: string };
  }
}

const TRAIN_LIBS: Library[] = [
  wiregradWebgpu,
  wiregradAuto,
  wiregradCpu,
  jaxWebgpu,
  tfjsWebgpu,
  tfjsWebgl,
  tfjsCpu,
];
const MATMUL_LIBS = TRAIN_LIBS.filter((l) => l.matmul);
const MATMUL_SIZES = [256, 512, 1024];

async function adapterInfo(): Promise<BenchResult["meta"]["adapter"]> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu)
    throw new Error(
      "no WebGPU in this browser (navigator.gpu is missing); start Chromium with --enable-unsafe-webgpu",
    );
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error("no WebGPU adapter: requestAdapter() returned null");
  const i = adapter.info;
  return {
    vendor: i.vendor,
    architecture: i.architecture,
    description: i.description,
    isFallback: !!(i as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter,
  };
}

async function run(): Promise<BenchResult> {
  const q = new URLSearchParams(location.search);
  const quick = q.get("quick") === "1";
  const only = (q.get("only") ?? "1,2,3,4,5")
    .split(",")
    .map(Number)
    .filter((n) => n >= 1 && n <= 5);
  const budget: Budget = {
    runs: Number(q.get("runs") ?? (quick ? 3 : 5)),
    targetMs: quick ? 200 : 350,
    maxSteps: 1000,
    timeoutMs: 240_000,
  };
  // ?libs=wiregrad-webgpu,jax-webgpu: a subset of the libraries, for iterating (targets need both sides).
  const pick = q.get("libs")?.split(",").filter(Boolean);
  const trainLibs = pick ? TRAIN_LIBS.filter((l) => pick.includes(l.id)) : TRAIN_LIBS;
  const matmulLibs = pick ? MATMUL_LIBS.filter((l) => pick.includes(l.id)) : MATMUL_LIBS;
  const adapter = await adapterInfo();
  installGpuCounters();
  const t0 = performance.now();
  const result: BenchResult = {
    meta: {
      date: new Date().toISOString(),
      userAgent: navigator.userAgent,
      adapter,
      quick,
      runs: budget.runs,
      only,
      libs: trainLibs.map((l) => l.id),
      notes: [],
    },
    train: [],
    matmul: [],
  };
  log(`adapter ${adapter.vendor}/${adapter.architecture} (${adapter.description}); ${budget.runs} runs`);
  for (const spec of TRAIN_SPECS) {
    if (!only.includes(spec.id)) continue;
    log(`w${spec.id} ${spec.title}`);
    const cells = await benchTraining(spec, makeBatch(spec, spec.batch), trainLibs, budget);
    result.train.push({ id: spec.id, title: spec.title, unit: spec.unit, batch: spec.batch, cells });
    window.__bench = { done: false, partial: result };
  }
  if (only.includes(4)) {
    for (const n of MATMUL_SIZES) {
      result.matmul.push(...(await benchMatmul(n, matmulLibs, budget)));
      window.__bench = { done: false, partial: result };
    }
  }
  if (only.includes(5)) {
    try {
      result.graph = await benchGraph(budget);
    } catch (e) {
      result.graph = { blocks: 200, error: errorText(e) };
    }
  }
  result.planner = await plannerMemory(await wiregradRuntime());
  result.meta.autoBackend = Object.entries(autoChoices)
    .map(([w, b]) => `${w}: ${b}`)
    .join("; ");
  result.meta.wallMs = performance.now() - t0;
  return result;
}

window.__bench = { done: false };
run().then(
  (result) => {
    window.__bench = { done: true, result };
    document.body.textContent = "done";
  },
  (e: unknown) => {
    const error = errorText(e);
    window.__bench = { done: true, error };
    document.body.textContent = `failed: ${error}`;
    log(`FAILED ${error}`);
  },
);
