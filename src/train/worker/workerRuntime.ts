// The worker's sessions all come from createTrainSession (src/train/autoSession.ts): the
// measured "auto" choice, and a WebGPU run that fails (device lost, validation error) goes
// on on the CPU. One WebGPU runtime serves every (re)compile of the worker, so an edit
// reuses its device, pipeline cache and kernel cache; a runtime whose device was lost is
// dropped, and the next compile opens a new one.
import { NoWebGpuError } from "../../backends/webgpu/device";
import { GpuRuntime } from "../../backends/webgpu/executor";
import type { VariableStore } from "../../compile/variables";
import type { GraphDoc } from "../../graph/doc";
import { createTrainSession, type LiveTrainSession } from "../autoSession";
import type { DatasetLoader } from "../session";
import type { BackendChoice } from "./protocol";

/** What the controller asks for at each (re)compile. */
export interface SessionRequest {
  backend: BackendChoice;
  seed?: number;
  batch?: number;
  /** Weights and optimiser state kept from the previous compile, by variable name. */
  previous?: VariableStore;
  /** The step count the run goes on from (a recompile keeps counting). */
  startStep?: number;
}

export interface WorkerRuntimeOptions {
  /** Opens a device (default GpuRuntime.create(); tests keep a handle on it to lose it). */
  open?: () => Promise<GpuRuntime>;
  /** Host snapshots of a WebGPU run's weights (defaults: GpuTrainSession's). */
  snapshotSteps?: number;
  snapshotMs?: number;
}

export class WorkerRuntime {
  private runtime: Promise<GpuRuntime> | null = null;
  /** Devices opened so far (one unless a device was lost or none could be opened). */
  opened = 0;

  constructor(private readonly opts: WorkerRuntimeOptions = {}) {}

  /** The shared runtime, opened on first use and again after its device was lost. */
  private open(): Promise<GpuRuntime> {
    if (this.runtime) return this.runtime;
    const p = (this.opts.open ?? (() => GpuRuntime.create()))();
    this.opened++;
    this.runtime = p;
    const drop = () => {
      if (this.runtime === p) this.runtime = null;
    };
    p.then((rt) => rt.device.lost.then(drop, drop), drop);
    return p;
  }

  /**
   * Opens the device before the first session asks for it and compiles the quick tier's
   * library kernels (GpuRuntime.prewarm), in the background: the worker does this when the
   * page loads, so the first Train click waits only for its own graph's kernels. Without
   * WebGPU nothing happens here; the first session reports it as before.
   */
  warm(): void {
    this.open().then(
      (rt) => rt.prewarm(),
      () => undefined,
    );
  }

  async createSession(doc: GraphDoc, load: DatasetLoader, req: SessionRequest): Promise<LiveTrainSession> {
    const opts = { ...req, snapshotSteps: this.opts.snapshotSteps, snapshotMs: this.opts.snapshotMs };
    if (req.backend === "cpu") return createTrainSession(doc, load, opts);
    let runtime: GpuRuntime;
    try {
      runtime = await this.open();
    } catch (e) {
      const why = (e as Error)?.message ?? String(e);
      if (req.backend === "webgpu") throw new Error(`WebGPU was chosen but is not available: ${why}`);
      // "auto" without a device: createTrainSession says so and trains on the CPU.
      const none = e instanceof NoWebGpuError ? e : new NoWebGpuError(why);
      return createTrainSession(doc, load, { ...opts, acquire: () => Promise.reject(none) });
    }
    return createTrainSession(doc, load, { ...opts, runtime });
  }
}
