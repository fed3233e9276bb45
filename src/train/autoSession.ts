// One async training interface over both executors, and the choice between them. The UI's
// Web Worker drives this; nothing here is Node-specific (no node: imports, `process` only
// behind a typeof guard), so it runs in a browser, a Worker and Node alike.

import {
  acquireGpu,
  type DispatchCosts,
  type GpuContext,
  measureDispatchCost,
  NoWebGpuError,
} from "../backends/webgpu/device";
import { GpuRuntime } from "../backends/webgpu/executor";
import { planProgram } from "../backends/webgpu/plan";
import { summarizeOnHost } from "../backends/webgpu/probe";
import { prefersSingle, programCost } from "../backends/webgpu/single/choose";
import type { Program } from "../compile/program";
import type { VariableStore } from "../compile/variables";
import type { Dataset } from "../data/types";
import type { GraphDoc } from "../graph/doc";
import { GpuSessionError, GpuTrainSession } from "./gpuSession";
import type { TensorSummary } from "./live/types";
import { type DatasetLoader, type EvalResult, type StepLog, TrainSession } from "./session";

export type BackendChoice = "auto" | "webgpu" | "cpu";

export interface CreateTrainSessionOptions {
  /** "auto" (default) picks by an estimate of both step times; see chooseBackend. */
  backend?: BackendChoice;
  seed?: number;
  batch?: number;
  /** Weights (and optimiser state) to start from, by variable name. */
  previous?: VariableStore;
  /**
   * The step count to go on from (default 0): a run recompiled after an edit keeps counting,
   * so Adam's bias correction and the batch order continue where they were.
   */
  startStep?: number;
  /** A WebGPU device already open; otherwise one is acquired (and destroyed with the session). */
  runtime?: GpuRuntime;
  /** How to open a device when no runtime is given (default acquireGpu; tests inject failures). */
  acquire?: () => Promise<GpuContext>;
  /** Passed to GpuTrainSession (tests use a short interval to exercise the fallback). */
  snapshotSteps?: number;
  snapshotMs?: number;
}

/** What a probe of one value returns: its summary and at most ~1,024 evenly strided values. */
export interface ProbeResult {
  summary: TensorSummary;
  sample: Float32Array;
}

/** Why a WebGPU run went on on the CPU. */
export interface FallbackEvent {
  /** The step count when the failure was noticed. */
  step: number;
  /** The host snapshot's step the CPU resumed from; steps after it were replayed on the CPU. */
  resumedFrom: number;
  message: string;
}

/**
 * A training run, whichever backend executes it. Calls are serialised: a caller may queue
 * trainSteps() again before the previous promise resolves, which is how a WebGPU run stays
 * busy while losses come back a few steps late.
 */
export interface LiveTrainSession {
  /** The backend running now ("cpu" after a fallback). */
  readonly backend: "webgpu" | "cpu";
  /** Why this backend was chosen (or fallen back to). */
  readonly reason: string;
  readonly doc: GraphDoc;
  readonly program: Program;
  readonly datasets: Map<string, Dataset>;
  readonly seed: number;
  readonly batch: number;
  /**
   * Steps so far, from the start step: a step counts once trainSteps asked for it (on WebGPU
   * before it is submitted or its loss is read back).
   */
  readonly step: number;
  /** Queues n steps; resolves with their logs, in order. */
  trainSteps(n: number): Promise<StepLog[]>;
  evaluate(split: "train" | "test", chunk?: number): Promise<EvalResult>;
  /** The weights and optimiser state after every queued step, as a host copy. */
  syncVariables(): Promise<VariableStore>;
  setHyper(name: string, value: number): void;
  /**
   * Summaries of train-program value ids (program.nodes indices) as of the latest queued
   * step: recomputed on that step's mini-batch with the weights after it.
   */
  probe(ids: number[]): Promise<Map<number, ProbeResult>>;
  /** Called when a WebGPU run fails (device lost, validation error) and continues on the CPU. */
  onFallback(listener: (e: FallbackEvent) => void): () => void;
  destroy(): void;
}

// ---- the CPU session ----------------------------------------------------------------------

class CpuLive implements LiveTrainSession {
  readonly backend = "cpu" as const;
  constructor(
    readonly s: TrainSession,
    readonly reason: string,
  ) {}
  get doc() {
    return this.s.doc;
  }
  get program() {
    return this.s.program;
  }
  get datasets() {
    return this.s.datasets;
  }
  get seed() {
    return this.s.seed;
  }
  get batch() {
    return this.s.batch;
  }
  get step() {
    return this.s.step;
  }
  async trainSteps(n: number): Promise<StepLog[]> {
    return Array.from({ length: n }, () => this.s.trainStep());
  }
  async evaluate(split: "train" | "test", chunk?: number): Promise<EvalResult> {
    return this.s.evaluate(split, chunk);
  }
  async syncVariables(): Promise<VariableStore> {
    return this.s.variables;
  }
  setHyper(name: string, value: number): void {
    this.s.setHyper(name, value);
  }
  async probe(ids: number[]): Promise<Map<number, ProbeResult>> {
    const vals = this.s.recompute(ids);
    return new Map(ids.map((id, i) => [id, summarizeOnHost(vals[i], [...this.s.program.nodes[id].shape])]));
  }
  onFallback(): () => void {
    return () => undefined;
  }
  destroy(): void {}
}

// ---- the WebGPU session, falling back to the CPU ------------------------------------------

/**
 * A GpuTrainSession until it fails; then a TrainSession started from the GPU session's latest
 * host snapshot, which replays the steps after the snapshot (the sampler is stateless, so it
 * draws the same batches) up to the step count the GPU had reached: the step counter goes on
 * and the weights are what the GPU would have had. Logs of steps the GPU had not read back
 * come from the replay; logs lost at or before the snapshot step are left out.
 */
class GpuLive implements LiveTrainSession {
  private cpu: TrainSession | undefined;
  private fallback: Promise<TrainSession> | undefined;
  private readonly listeners = new Set<(e: FallbackEvent) => void>();
  private readonly replayed = new Map<number, StepLog>();
  /** The step count after every step asked of trainSteps so far (queued, possibly not yet submitted). */
  private claimed: number;
  reason: string;

  constructor(
    private readonly gpu: GpuTrainSession,
    private readonly loadDataset: DatasetLoader,
    reason: string,
  ) {
    this.reason = reason;
    this.claimed = gpu.step;
    gpu.onFailure(() => {
      void this.fallBack();
    });
  }
  get backend(): "webgpu" | "cpu" {
    return this.cpu ? "cpu" : "webgpu";
  }
  get doc() {
    return this.gpu.doc;
  }
  get program() {
    return this.gpu.program;
  }
  get datasets() {
    return this.gpu.datasets;
  }
  get seed() {
    return this.gpu.seed;
  }
  get batch() {
    return this.gpu.batch;
  }
  get step() {
    return this.claimed;
  }

  /**
   * Whether an error means the GPU session failed. A map or a read can be refused ("device
   * was lost before mapping was resolved", as Chromium says) before device.lost resolves and
   * the session records its failure, so an unexplained error waits a moment for that.
   */
  private async failedWith(e: unknown): Promise<boolean> {
    if (e instanceof GpuSessionError || this.gpu.failure) return true;
    await Promise.race([this.gpu.runtime.device.lost, new Promise((r) => setTimeout(r, 100))]);
    await new Promise((r) => setTimeout(r, 0));
    return !!this.gpu.failure;
  }

  private fallBack(): Promise<TrainSession> {
    this.fallback ??= (async () => {
      const failure = this.gpu.failure!;
      // Let the last snapshot reads settle: they resolve or reject right after a loss.
      await new Promise((r) => setTimeout(r, 0));
      const snap = this.gpu.snapshot;
      const cpu = new TrainSession(this.gpu.doc, this.loadDataset, {
        seed: this.gpu.seed,
        batch: this.gpu.batch,
        previous: snap.variables,
      });
      for (const h of this.gpu.program.hyper.values()) if (h.param !== "step") cpu.setHyper(h.name, h.value);
      cpu.step = snap.step;
      this.cpu = cpu;
      this.reason = `${failure.message}; continued on the CPU from the weights of step ${snap.step}`;
      const ev = { step: failure.step, resumedFrom: snap.step, message: failure.message };
      for (const l of this.listeners) l(ev);
      try {
        this.gpu.destroy();
      } catch {
        // A lost device may refuse to release its buffers; they are gone with it anyway.
      }
      return cpu;
    })();
    return this.fallback;
  }

  async trainSteps(n: number): Promise<StepLog[]> {
    // Calls queue behind each other: this one's steps follow every step claimed before it.
    const first = this.claimed;
    this.claimed += n;
    let fromGpu: PromiseSettledResult<StepLog>[] = [];
    if (!this.cpu && !this.fallback) {
      fromGpu = await Promise.allSettled(this.gpu.queueSteps(n));
      if (fromGpu.every((r) => r.status === "fulfilled")) return fromGpu.map((r) => r.value);
      for (const r of fromGpu)
        if (r.status === "rejected" && !(await this.failedWith(r.reason))) throw r.reason;
    }
    const cpu = await this.fallBack();
    // Steps first+1 … first+n: the GPU's log where it was read back, else the CPU's replay
    // (from the snapshot on) or a new CPU step. Whichever call gets here first runs the CPU
    // far enough; each log is handed out once.
    const logs: StepLog[] = [];
    for (let k = first + 1; k <= first + n; k++) {
      while (cpu.step < k) {
        const log = cpu.trainStep();
        this.replayed.set(log.step, log);
      }
      const g = fromGpu[k - first - 1];
      const log = g?.status === "fulfilled" ? g.value : this.replayed.get(k);
      this.replayed.delete(k);
      if (log) logs.push(log); // absent only if lost with the device at or before the snapshot
    }
    for (const s of this.replayed.keys()) if (s <= first) this.replayed.delete(s);
    return logs;
  }

  async evaluate(split: "train" | "test", chunk?: number): Promise<EvalResult> {
    if (!this.cpu && !this.fallback) {
      try {
        return await this.gpu.evaluate(split, chunk);
      } catch (e) {
        if (!(await this.failedWith(e))) throw e;
      }
    }
    return (await this.fallBack()).evaluate(split, chunk);
  }

  async syncVariables(): Promise<VariableStore> {
    if (!this.cpu && !this.fallback) {
      try {
        return await this.gpu.syncVariables();
      } catch (e) {
        if (!(await this.failedWith(e))) throw e;
      }
    }
    return (await this.fallBack()).variables;
  }

  setHyper(name: string, value: number): void {
    this.gpu.setHyper(name, value);
    this.cpu?.setHyper(name, value);
  }

  async probe(ids: number[]): Promise<Map<number, ProbeResult>> {
    if (!this.cpu && !this.fallback) {
      try {
        return await this.gpu.probe(ids);
      } catch (e) {
        if (!(await this.failedWith(e))) throw e;
      }
    }
    const cpu = await this.fallBack();
    const vals = cpu.recompute(ids);
    return new Map(ids.map((id, i) => [id, summarizeOnHost(vals[i], [...cpu.program.nodes[id].shape])]));
  }

  onFallback(listener: (e: FallbackEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    if (!this.cpu) this.gpu.destroy();
  }
}

// ---- the choice ---------------------------------------------------------------------------

/** Per-step cost estimates behind an "auto" choice, in milliseconds. */
export interface BackendEstimate {
  flops: number;
  dispatches: number;
  cpuMs: number;
  /** Whether cpuMs was timed on the real step (cheap programs) or estimated from FLOPs. */
  cpuMeasured: boolean;
  gpuMs: number;
  costs: DispatchCosts;
}

/** Steps a WebGPU session encodes per submit when driven by trainSteps (spreads the submit cost). */
const STEPS_PER_SUBMIT = 16;
/** Programs estimated below this many FLOPs per step have their CPU step timed for real (~10 ms). */
const CPU_TIMED_FLOPS = 1e7;
/** Timing real WebGPU steps (20 of them) is done when estimated to take under this long. */
const TIMING_BUDGET_MS = 2000;
/** Per device: measured ÷ estimated WebGPU step time, learnt from the first timed session. */
const calibration = new WeakMap<GPUDevice, number>();

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

let cpuRate: number | undefined;
/** Float32 multiply-adds per millisecond of a plain JS matmul loop (what the CPU executor runs), measured once. */
function cpuFlopsPerMs(): number {
  if (cpuRate) return cpuRate;
  const n = 64;
  const a = new Float32Array(n * n).fill(1.0001);
  const b = new Float32Array(n * n).fill(0.9999);
  const c = new Float32Array(n * n);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 4; r++) {
    const t0 = now();
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        const x = a[i * n + k];
        for (let j = 0; j < n; j++) c[i * n + j] += x * b[k * n + j];
      }
    best = Math.min(best, now() - t0);
  }
  cpuRate = (2 * n * n * n) / Math.max(best, 0.01);
  return cpuRate;
}

/** Best of two timed runs after a warm-up, in ms. */
function timeBest(f: () => void): number {
  f();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 2; r++) {
    const t0 = now();
    f();
    best = Math.min(best, now() - t0);
  }
  return best;
}

/**
 * The rule for "auto", step 1: estimate one step's time on each backend.
 *   CPU:    the real step timed (recomputed without updating anything) when it has under
 *           1e7 FLOPs; else FLOPs / (measured JS matmul rate), which ignores the executor's
 *           per-op overhead — negligible at that size.
 *   WebGPU: dispatches × (measured per-dispatch cost) + (measured submit cost) / 16
 *           + FLOPs / (device rate: 1 GFLOP/s for SwiftShader's whole-step kernel —
 *           single/choose.ts's figure — 1.5 for its planned kernels, and 1 TFLOP/s on
 *           hardware). The planned figure was 0.5 (DESIGN.md's first tiled matmul); the
 *           register-tiled kernels now run w2's whole step at ~1.7 GFLOP/s on a host without
 *           fast gathers and ~3.5 on one with them (README, Performance), and with 0.5 a
 *           bench run whose JS matmul loop timed fast chose the CPU for w2 and w3 at a
 *           fifth of WebGPU's speed (717 against 3,510 examples/s).
 * FLOPs count 2mnk per matmul and one per other element (single/choose.ts); dispatches are
 * the planned kernels (or 1 for a whole-step kernel) plus the sampler and gather per dataset.
 */
export async function estimateBackends(
  program: Program,
  rt: GpuRuntime,
  cpuStep?: () => void,
): Promise<BackendEstimate> {
  const outputs = [program.loss!, ...program.metrics.values(), ...program.updates.values()];
  const cost = programCost(program.nodes, outputs);
  const single = prefersSingle(cost, rt.ctx.software);
  const planned = single
    ? 1
    : planProgram(program.nodes, outputs, {
        maxInputs: rt.maxInputs,
        updates: program.updates,
        kernels: rt.kernels,
      }).kernels.length;
  const dispatches = planned + 2 * new Set([...program.feeds.values()].map((f) => f.node)).size;
  const costs = await measureDispatchCost(rt.device);
  const gpuRate = rt.ctx.software ? (single ? 1e6 : 1.5e6) : 1e9;
  const gpuMs = dispatches * costs.dispatchMs + costs.submitMs / STEPS_PER_SUBMIT + cost.flops / gpuRate;
  const cpuMeasured = !!cpuStep && cost.flops < CPU_TIMED_FLOPS;
  const cpuMs = cpuMeasured ? timeBest(cpuStep!) : cost.flops / cpuFlopsPerMs();
  return { flops: cost.flops, dispatches, cpuMs, cpuMeasured, gpuMs, costs };
}

const fmtMs = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);

/**
 * Creates a training session on the chosen backend. "cpu" and "webgpu" are obeyed ("webgpu"
 * without an adapter throws NoWebGpuError). "auto" takes the CPU when there is no adapter
 * (reason "no WebGPU adapter: …"); otherwise the rule:
 *   1. estimate both step times (estimateBackends);
 *   2. the first time on a device, if 20 WebGPU steps are estimated under 2 s, time real
 *      steps (16, 4 per submit, after a warm-up of 4; the session is then rewound to step 0)
 *      against the CPU step, take the faster, and keep measured ÷ estimated as the device's
 *      calibration: the estimate misses how fast a whole-step kernel or a driver really is;
 *   3. otherwise take the faster (calibrated) estimate.
 * On SwiftShader a dispatch costs ~0.14 ms, so tiny graphs mostly go to the CPU; on a real
 * GPU dispatches cost µs and anything with real arithmetic goes to the device.
 */
export async function createTrainSession(
  doc: GraphDoc,
  loadDataset: DatasetLoader,
  opts: CreateTrainSessionOptions = {},
): Promise<LiveTrainSession> {
  const want = opts.backend ?? "auto";
  const base = { seed: opts.seed, batch: opts.batch, previous: opts.previous, startStep: opts.startStep };
  const onCpu = (reason: string, s?: TrainSession) =>
    new CpuLive(s ?? new TrainSession(doc, loadDataset, base), reason);
  if (want === "cpu") return onCpu("the CPU backend was requested");
  let rt = opts.runtime;
  if (!rt) {
    try {
      rt = await GpuRuntime.create(await (opts.acquire ?? acquireGpu)());
    } catch (e) {
      if (want === "webgpu" || !(e instanceof NoWebGpuError)) throw e;
      return onCpu(`no WebGPU adapter: ${(e as Error).message}`);
    }
  }
  const owned = !opts.runtime;
  const gpuOpts = { ...base, runtime: rt, snapshotSteps: opts.snapshotSteps, snapshotMs: opts.snapshotMs };
  const startGpu = async (reason: string, made?: GpuTrainSession) => {
    const gpu = made ?? (await GpuTrainSession.create(doc, loadDataset, gpuOpts));
    if (owned) gpu.ownRuntime();
    return new GpuLive(gpu, loadDataset, reason);
  };
  if (want === "webgpu")
    return startGpu(
      `the WebGPU backend was requested: ${rt.ctx.adapter}${rt.ctx.software ? " (software)" : ""}`,
    );

  const cpu = new TrainSession(doc, loadDataset, base);
  const stepIds = [cpu.program.loss!, ...cpu.program.updates.values()];
  const est = await estimateBackends(cpu.program, rt, () => cpu.recompute(stepIds, 0));
  const cpuWord = est.cpuMeasured ? "measured" : "estimated";
  const why = `${rt.ctx.adapter}: ${est.flops.toExponential(1)} FLOPs and ${est.dispatches} dispatches per step; CPU ${fmtMs(est.cpuMs)} (${cpuWord}), WebGPU ${fmtMs(est.gpuMs)} estimated at ${fmtMs(est.costs.dispatchMs)} per dispatch`;
  const toCpu = (detail: string) => {
    if (owned) rt.destroy();
    return onCpu(`CPU is faster here — ${detail}`, cpu);
  };
  const factor = calibration.get(rt.device);
  if (factor !== undefined || 20 * est.gpuMs > TIMING_BUDGET_MS) {
    const gpuMs = est.gpuMs * (factor ?? 1);
    const detail = factor === undefined ? why : `${why}, ×${factor.toFixed(1)} as timed on this device`;
    return gpuMs < est.cpuMs ? startGpu(`WebGPU is faster here — ${detail}`) : toCpu(detail);
  }
  const gpu = await GpuTrainSession.create(doc, loadDataset, gpuOpts);
  await gpu.trainSteps(4);
  const t0 = now();
  await Promise.all([0, 1, 2, 3].map(() => gpu.trainSteps(4)));
  const gpuMs = (now() - t0) / 16;
  calibration.set(rt.device, gpuMs / est.gpuMs);
  const timed = `${why}; timed: WebGPU ${fmtMs(gpuMs)} per step`;
  if (gpuMs >= est.cpuMs) {
    gpu.destroy();
    return toCpu(timed);
  }
  await gpu.restart();
  return startGpu(`WebGPU is faster here — ${timed}`, gpu);
}
