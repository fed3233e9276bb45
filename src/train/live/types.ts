// What a live training run shows besides its loss: summaries of node outputs and gradients
// (probes), warnings pinned to nodes, and per-task output views. These are plain data so
// they cross the worker boundary with postMessage (typed arrays are transferred).
import type { VariableStore } from "../../compile/variables";
import type { Dataset } from "../../data/types";
import type { GraphDoc } from "../../graph/doc";

/**
 * Everything a probe or a view needs to evaluate the graph as it is now, whichever backend
 * trains it: the document, the current weights (a host copy), the loaded datasets by Dataset
 * node id, and the run's seed and step (for stochastic blocks).
 */
export interface LiveContext {
  doc: GraphDoc;
  variables: VariableStore;
  datasets: Map<string, Dataset>;
  seed: number;
  step: number;
}

/** A fixed-bin histogram over [lo, hi]. */
export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}

/** How a tensor is best drawn on its node. */
export type ProbeLayout =
  | "scalar"
  | "vector" // bar strip
  | "matrix" // heatmap
  | "maps" // feature-map tiles [C, H, W] of one sample
  | "image" // [1|3, H, W] or [H, W] image of one sample
  | "plane"; // TensorFlow-Playground view: each unit's output over the 2-D input plane

/** A small summary of one tensor, computed where the tensor lives. */
export interface TensorSummary {
  shape: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Count of NaN and ±Inf entries (the summary stats above skip them). */
  nonFinite: number;
  hist: Histogram;
}

export interface NodeProbe {
  /** The output port this probe reads. */
  port: string;
  value: TensorSummary;
  /** Gradient of the objective w.r.t. this output, when gradients are watched. */
  grad?: TensorSummary & { norm: number };
  layout: ProbeLayout;
  /** Downsampled values to draw, row-major in `sampleShape` (e.g. one sample's maps). */
  sample: Float32Array;
  sampleShape: number[];
  /** For layout "plane": grid resolution and one res×res image per unit (units × res × res). */
  plane?: { res: number; units: number; extent: [number, number, number, number]; values: Float32Array };
  /** For ReLU-like outputs: fraction of units never positive over the probe batch. */
  deadFraction?: number;
}

/** Weight, gradient and update/weight ratio of one parameter tensor (for the inspector's history). */
export interface ParamProbe {
  name: string;
  weight: TensorSummary;
  grad: TensorSummary & { norm: number };
  /** ‖Δw‖ / ‖w‖ of the last update. */
  updateRatio: number;
}

export type WarningKind = "nan" | "vanishing-gradient" | "exploding-gradient" | "dead-relu";

export interface LiveWarning {
  kind: WarningKind;
  node: string;
  port?: string;
  step: number;
  message: string;
}

export interface ProbeSnapshot {
  step: number;
  nodes: Record<string, NodeProbe>;
  /** Gradient norm flowing back along each edge, keyed "src.port->dst.port". */
  edges: Record<string, number>;
  params: Record<string, ParamProbe[]>;
  warnings: LiveWarning[];
}

/** Output views of the whole model, chosen by what the graph does. */
export type OutputView =
  | {
      kind: "decision-boundary";
      step: number;
      res: number;
      extent: [number, number, number, number];
      /** res×res probability of class 1 (or argmax class index for >2 classes). */
      grid: Float32Array;
      classes: number;
      points: { x: Float32Array; y: Float32Array; split: Uint8Array };
    }
  | {
      kind: "fit-curve";
      step: number;
      xs: Float32Array;
      ys: Float32Array;
      points: { x: Float32Array; y: Float32Array };
    }
  | {
      kind: "image-predictions";
      step: number;
      /** n images of h×w, their true and predicted labels, and a classes×classes confusion matrix (rows: true). */
      images: Float32Array;
      h: number;
      w: number;
      truth: Int32Array;
      predicted: Int32Array;
      classes: number;
      confusion: Int32Array;
      accuracy: number;
    }
  | {
      kind: "generative";
      step: number;
      samples: Float32Array;
      h: number;
      w: number;
      /** 2-D latent means of test images (first two dims) and their labels. */
      latent: Float32Array;
      labels: Int32Array;
    }
  | {
      kind: "loss-surface";
      step: number;
      res: number;
      extent: [number, number, number, number];
      /** res×res loss values over the parameter plane, and each trajectory so far. */
      grid: Float32Array;
      trajectories: { name: string; points: Float32Array }[];
    }
  | {
      kind: "sequence";
      step: number;
      truth: Float32Array;
      predicted: Float32Array;
    }
  | {
      kind: "embedding-scatter";
      step: number;
      points: Float32Array;
      labels: Int32Array;
    };

export type OutputViewKind = OutputView["kind"];
