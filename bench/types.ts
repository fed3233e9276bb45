// The shape of the benchmark's result: produced in the page (bench/main.ts), printed and
// saved by the launcher (scripts/bench.ts). Plain data, so it crosses page.evaluate as JSON.

export type LibId =
  | "wiregrad-webgpu"
  | "wiregrad-cpu"
  | "wiregrad-auto"
  | "tfjs-webgpu"
  | "tfjs-cpu"
  | "tfjs-webgl"
  | "jax-webgpu";

/** Median and spread of the timed runs (never the first, compiling one). */
export interface Spread {
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  runs: number[];
}

/** WebGPU calls per step or per product; zero on backends that do not use WebGPU. */
export interface GpuCalls {
  dispatches: number;
  submits: number;
  writeBuffers: number;
}

/** One library on one training workload (1–3). */
export interface TrainCell {
  lib: LibId;
  /** Setup plus the first step, awaited: compiles, uploads, first kernels (ms). */
  firstMs?: number;
  /** Throughput with each step awaiting its loss. */
  awaited?: Spread;
  /** Throughput with N steps queued and one await at the end. */
  pipelined?: Spread;
  stepsPerRun?: { awaited: number; pipelined: number };
  /** Counted in the page by wrapping GPUComputePassEncoder/GPUQueue, per step of each mode. */
  perStep?: { awaited: GpuCalls; pipelined: GpuCalls };
  /** What the library reports about itself (wiregrad: GpuTrainSession.stats). */
  own?: Record<string, number | string>;
  error?: string;
}

export interface TrainWorkload {
  id: 1 | 2 | 3;
  title: string;
  unit: "steps/s" | "examples/s";
  batch: number;
  cells: TrainCell[];
}

export interface MatmulCell {
  lib: LibId;
  n: number;
  /** The first multiply with its readback (compiles the kernel), ms. */
  firstMs?: number;
  gflops?: Spread;
  repsPerRun?: number;
  perMatmul?: GpuCalls;
  error?: string;
}

export interface GraphWorkload {
  blocks: number;
  irNodes?: number;
  /** analyze + lower + autodiff + plan (host only), from an empty kernel cache, ms. */
  planReady?: Spread;
  /** The first plan in the page, before the JavaScript engine has optimised the planner (ms). */
  planReadyFirst?: number;
  /** Medians of planReady's phases: analyze (shapes), program (lowering + autodiff + optimiser), plan (WebGPU planner). */
  phases?: { analyze: number; program: number; plan: number };
  /** The same for a graph with one block changed, on the kernel cache the unedited graph left. */
  replan?: Spread;
  /** Idle time before each timed plan, as between a person's edits (ms). */
  editGapMs?: number;
  /** The re-plan with no idle time before it (right after the plans it follows), ms. */
  replanBackToBack?: Spread;
  /** Cold device and pipeline cache: edit → first training step finished, ms. */
  firstStepColdMs?: number;
  /** The same again with the pipeline cache warm. */
  firstStepWarm?: Spread;
  /** Re-compiling the edited graph on the warm runtime, pipelines included, ms. */
  recompileAfterEditMs?: number;
  pipelinesCold?: number;
  pipelinesAfterEdit?: number;
  kernels?: number;
  dispatchesPerStep?: number;
  plannedBytes?: number;
  naiveBytes?: number;
  error?: string;
}

export interface PlannerMemory {
  preset: string;
  plannedBytes: number;
  naiveBytes: number;
  persistentBytes: number;
  dispatches: number;
}

export interface BenchResult {
  meta: {
    date: string;
    userAgent: string;
    adapter: { vendor: string; architecture: string; description: string; isFallback: boolean };
    quick: boolean;
    runs: number;
    only: number[];
    libs: LibId[];
    autoBackend?: string;
    notes: string[];
    wallMs?: number;
    /** Set when the launcher stopped waiting (--max-minutes) and reports the workloads done. */
    incomplete?: string;
  };
  train: TrainWorkload[];
  matmul: MatmulCell[];
  graph?: GraphWorkload;
  planner?: PlannerMemory;
}
