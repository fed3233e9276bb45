// The live run as the UI sees it: what the training worker last reported. Rendering reads
// it; only the run controller (ui/run) writes the run's state. Other panels write what they
// watch (`overlay`, `watchNodes`, `viewKind`), and the run controller tells the worker.
// Nothing here enters undo or the file.
import { createStore } from "zustand/vanilla";
import type { OutputView, OutputViewKind, ProbeSnapshot } from "../../train/live/types";
import type { BackendChoice, RunPhase } from "../../train/worker/protocol";

export type LiveBackend = "webgpu" | "cpu";

export interface MetricPoint {
  step: number;
  split: "train" | "test";
  loss: number;
  metrics: Record<string, number>;
}

/** One run of this page session: the chart overlays every run whose `visible` is set. */
export interface RunRecord {
  id: number;
  name: string;
  backend: LiveBackend | null;
  points: MetricPoint[];
  visible: boolean;
}

export type Speed = number | "max";

export interface LiveState {
  /** Which backend trains, and why (e.g. "CPU is faster here — google/swiftshader: …"). */
  backend: LiveBackend | null;
  backendReason: string;
  /** After a WebGPU run failed and went on on the CPU (backendReason says how): the failure as reported. */
  backendFailure: string | null;
  /** What the person asked for; "auto" lets the worker pick. */
  backendChoice: BackendChoice;
  phase: RunPhase;
  running: boolean;
  step: number;
  stepsPerSecond: number;
  stepsPerEpoch: number;
  /** The graph's step budget (training.steps), if any. */
  budget: number | null;
  /** Hyperparameters the running step reads, by program name ("opt.lr"). */
  hyper: Record<string, number>;
  /** Steps per tick of the worker's loop. */
  speed: Speed;
  /** Long work in progress: what, and how far (null fraction = indeterminate). */
  progress: { task: string; fraction: number | null } | null;
  /** Metric history of the current run (also in `runs`, under `run`). */
  points: MetricPoint[];
  /** The current run's id; earlier runs of this page session stay in `runs`. */
  run: number;
  runs: RunRecord[];
  /** Latest probes (node views, gradient edges, warnings). */
  probes: ProbeSnapshot | null;
  /** Activations or gradients drawn on the canvas. */
  overlay: "off" | "activations" | "gradients";
  /** Node views open: null none, [] every node, else these ids. */
  watchNodes: string[] | null;
  /** Output views that fit the graph, best first, and the one being shown (null: none). */
  views: OutputViewKind[];
  viewKind: OutputViewKind | null;
  /** Latest output view. */
  view: OutputView | null;
  /** The last thing the run wants the person to know (paused by an edit, budget reached). */
  notice: string | null;
  error: string | null;
  /** The node an error is about, when it is about one. */
  errorNode: string | null;
}

export function createLiveStore() {
  return createStore<LiveState>()(() => ({
    backend: null,
    backendReason: "",
    backendFailure: null,
    backendChoice: "auto",
    phase: "idle",
    running: false,
    step: 0,
    stepsPerSecond: 0,
    stepsPerEpoch: 0,
    budget: null,
    hyper: {},
    speed: 10,
    progress: null,
    points: [],
    run: 0,
    runs: [],
    probes: null,
    overlay: "off",
    watchNodes: null,
    views: [],
    viewKind: null,
    view: null,
    notice: null,
    error: null,
    errorNode: null,
  }));
}

export type LiveStore = ReturnType<typeof createLiveStore>;
