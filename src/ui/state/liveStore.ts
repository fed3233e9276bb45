// The live run as the UI sees it: what the training worker last reported. Rendering reads
// it; only the run controller (ui/run) writes it. Nothing here enters undo or the file.
import { createStore } from "zustand/vanilla";
import type { OutputView, ProbeSnapshot } from "../../train/live/types";

export type LiveBackend = "webgpu" | "cpu";

export interface MetricPoint {
  step: number;
  split: "train" | "test";
  loss: number;
  metrics: Record<string, number>;
}

export interface LiveState {
  /** Which backend trains, and why (e.g. "no WebGPU adapter: CPU executor"). */
  backend: LiveBackend | null;
  backendReason: string;
  running: boolean;
  step: number;
  /** Long work in progress: what, and how far (null fraction = indeterminate). */
  progress: { task: string; fraction: number | null } | null;
  /** Metric history of the current run. */
  points: MetricPoint[];
  /** Latest probes (node views, gradient edges, warnings). */
  probes: ProbeSnapshot | null;
  /** Activations or gradients drawn on the canvas. */
  overlay: "off" | "activations" | "gradients";
  /** Latest output view. */
  view: OutputView | null;
  error: string | null;
}

export function createLiveStore() {
  return createStore<LiveState>()(() => ({
    backend: null,
    backendReason: "",
    running: false,
    step: 0,
    progress: null,
    points: [],
    probes: null,
    overlay: "off",
    view: null,
    error: null,
  }));
}

export type LiveStore = ReturnType<typeof createLiveStore>;
