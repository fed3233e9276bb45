// One async face for a training run on either backend, so the worker's loop does not care
// which executes the step. (When src/train/autoSession.ts lands, createLiveSession can
// delegate to it; the interface here is what the worker needs from it.)
import { GpuRuntime } from "../../backends/webgpu/executor";
import type { Program } from "../../compile/program";
import type { VariableStore } from "../../compile/variables";
import type { Dataset } from "../../data/types";
import type { GraphDoc } from "../../graph/doc";
import { GpuTrainSession } from "../gpuSession";
import { type DatasetLoader, type EvalResult, type StepLog, TrainSession } from "../session";
import type { Backend, BackendChoice } from "./protocol";

export interface LiveTrainSession {
  readonly backend: Backend;
  readonly program: Program;
  /** Host copy of the weights: current on the CPU, refreshed by syncVariables() on WebGPU. */
  readonly variables: VariableStore;
  readonly datasets: Map<string, Dataset>;
  readonly seed: number;
  readonly batch: number;
  /** Steps taken (on WebGPU: queued); settable so a recompiled run keeps counting. */
  step: number;
  /** Queues one step; the promise resolves with its log (on WebGPU a few steps later). */
  trainStep(): Promise<StepLog>;
  evaluate(split: "train" | "test"): Promise<EvalResult>;
  setHyper(name: string, value: number): void;
  /** Current weights on the host (after every queued step). */
  syncVariables(): Promise<VariableStore>;
  /** Resolves once every queued step has run and its log is on its way back. */
  flush(): Promise<void>;
  destroy(): void;
}

export interface LiveSessionOptions {
  backend: BackendChoice;
  seed?: number;
  batch?: number;
  previous?: VariableStore;
}

class CpuLive implements LiveTrainSession {
  readonly backend = "cpu" as const;
  constructor(private readonly s: TrainSession) {}
  get program() {
    return this.s.program;
  }
  get variables() {
    return this.s.variables;
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
  set step(n: number) {
    this.s.step = n;
  }
  trainStep() {
    return Promise.resolve(this.s.trainStep());
  }
  evaluate(split: "train" | "test") {
    return Promise.resolve(this.s.evaluate(split));
  }
  setHyper(name: string, value: number) {
    this.s.setHyper(name, value);
  }
  syncVariables() {
    return Promise.resolve(this.s.variables);
  }
  flush() {
    return Promise.resolve();
  }
  destroy() {}
}

class GpuLive implements LiveTrainSession {
  readonly backend = "webgpu" as const;
  constructor(private readonly s: GpuTrainSession) {}
  get program() {
    return this.s.program;
  }
  get variables() {
    return this.s.variables;
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
  set step(n: number) {
    this.s.step = n;
  }
  trainStep() {
    return this.s.trainStep();
  }
  evaluate(split: "train" | "test") {
    return this.s.evaluate(split);
  }
  setHyper(name: string, value: number) {
    this.s.setHyper(name, value);
  }
  syncVariables() {
    return this.s.syncVariables();
  }
  flush() {
    return this.s.flush();
  }
  destroy() {
    this.s.destroy();
  }
}

/** Which backend a run gets, and the sentence the page shows about it. */
export interface BackendPick {
  backend: Backend;
  reason: string;
  runtime?: GpuRuntime;
}

let runtime: Promise<GpuRuntime> | null = null;

/**
 * Opens the WebGPU device once per worker; recompiles share it and its pipeline cache.
 * "auto" takes a hardware adapter. A software one (SwiftShader, on a machine without a GPU)
 * runs these small training steps several times slower than the CPU executor, so auto says
 * so and trains on the CPU; choosing "webgpu" still uses it.
 */
export async function pickBackend(choice: BackendChoice): Promise<BackendPick> {
  if (choice === "cpu") return { backend: "cpu", reason: "CPU executor, as chosen" };
  runtime ??= GpuRuntime.create();
  try {
    const rt = await runtime;
    if (rt.ctx.software && choice === "auto")
      return {
        backend: "cpu",
        reason: `CPU executor: the only WebGPU adapter is ${rt.ctx.adapter}, a software rasteriser slower than the CPU here`,
      };
    const soft = rt.ctx.software ? " (software)" : "";
    return { backend: "webgpu", reason: `${rt.ctx.adapter}${soft}`, runtime: rt };
  } catch (e) {
    runtime = null;
    const why = (e as Error).message;
    if (choice === "webgpu") throw new Error(`WebGPU was chosen but is not available: ${why}`);
    return { backend: "cpu", reason: `CPU executor: ${why}` };
  }
}

export async function createLiveSession(
  doc: GraphDoc,
  loadDataset: DatasetLoader,
  pick: BackendPick,
  opts: Omit<LiveSessionOptions, "backend">,
): Promise<LiveTrainSession> {
  if (pick.backend === "webgpu")
    return new GpuLive(await GpuTrainSession.create(doc, loadDataset, { ...opts, runtime: pick.runtime }));
  return new CpuLive(new TrainSession(doc, loadDataset, opts));
}
