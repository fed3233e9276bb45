// The messages between the page and the training worker. Plain data only, so they cross
// postMessage. Probes and views are small and are copied, not transferred: a probe may hand
// back a view of a live weight tensor, and transferring it would detach the weight.
import type { GraphDoc } from "../../graph/doc";
import type { LiveWarning, OutputView, OutputViewKind, ProbeSnapshot } from "../live/types";

export type Backend = "webgpu" | "cpu";
export type BackendChoice = "auto" | Backend;

/** What the page watches: the worker computes probes and views only for what is open. */
export interface WatchRequest {
  /** Node ids whose views are open (empty with `nodes: true` = every node). */
  nodes: string[] | null;
  gradients: boolean;
  /** The output view to compute (null: none open). */
  view: OutputViewKind | null;
}

export interface RunSettings {
  /** Steps run back to back before the worker yields: "max" fills each tick's time slice. */
  speed: number | "max";
  /** Evaluate the test split every this many steps (0: only when asked). */
  evalEvery: number;
}

export type ToWorker =
  /** A new graph (fresh: another document, a new run) or an edit: for an edit the worker decides whether it is a hyperparameter change, a recompile that keeps weights, or nothing. */
  | { type: "load"; doc: GraphDoc; backend?: BackendChoice; fresh?: boolean }
  | { type: "run" }
  | { type: "pause" }
  | { type: "step"; count?: number }
  /** Fresh seeded weights and step 0: a new run. */
  | { type: "reset" }
  | { type: "settings"; settings: Partial<RunSettings> }
  | { type: "hyper"; name: string; value: number }
  | { type: "watch"; watch: WatchRequest }
  | { type: "evaluate" };

export interface MetricRecord {
  step: number;
  split: "train" | "test";
  loss: number;
  metrics: Record<string, number>;
}

export type RunPhase =
  | "idle"
  | "loading"
  | "compiling"
  | "ready"
  | "running"
  | "paused"
  | "invalid"
  | "failed";

export type FromWorker =
  | { type: "ready"; backend: Backend; reason: string; run: number }
  /**
   * A WebGPU run failed (device lost, validation error) and goes on on the CPU from its latest
   * host snapshot, replaying the steps after it: `reason` says so in words for the page,
   * `cause` is the failure as the device reported it.
   */
  | {
      type: "fallback";
      backend: "cpu";
      reason: string;
      cause: string;
      run: number;
      step: number;
      resumedFrom: number;
    }
  | { type: "progress"; task: string; fraction: number | null }
  /** Training records since the last message (averaged per logged step) and test evaluations. */
  | { type: "metrics"; run: number; points: MetricRecord[] }
  | { type: "probes"; probes: ProbeSnapshot }
  | { type: "view"; view: OutputView }
  | {
      type: "state";
      phase: RunPhase;
      step: number;
      run: number;
      /** Steps per second over the last second of running. */
      stepsPerSecond: number;
      /** Steps one epoch takes at this batch size (0 when there is no dataset). */
      stepsPerEpoch: number;
      /** The graph's step budget (training.steps), if any. */
      budget: number | null;
      /** Hyperparameters the run reads at every step, by program name ("opt.lr"). */
      hyper: Record<string, number>;
      /** Views that fit this graph, best first. */
      views: OutputViewKind[];
    }
  | { type: "warning"; warning: LiveWarning | { kind: "notice"; message: string } }
  | { type: "error"; message: string; node?: string };
