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
  /** Which run this is (the worker's counter), so per-run history such as trajectories restarts with it. */
  run?: number;
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
  /**
   * For layout "plane": grid resolution and one res×res image per unit (units × res × res),
   * row 0 at the top (largest y); extent is [xmin, xmax, ymin, ymax] of the input plane.
   */
  plane?: { res: number; units: number; extent: [number, number, number, number]; values: Float32Array };
  /** For ReLU-like outputs: fraction of units never positive over the probe batch. */
  deadFraction?: number;
  /** The gradient drawn like `sample` (same layout and shape), when gradients are watched. */
  gradSample?: Float32Array;
}

/** Weight, gradient and update/weight ratio of one parameter tensor (for the inspector's history). */
export interface ParamProbe {
  name: string;
  weight: TensorSummary;
  grad: TensorSummary & { norm: number };
  /** ‖Δw‖ / ‖w‖ of the last update. */
  updateRatio: number;
  /** Steps since the previous snapshot that `updateRatio` averages over (0: not known yet). */
  updateSteps?: number;
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
      /** res×res probability of class 1 (or argmax class index for >2 classes), row-major from the top row (y = extent[3]). */
      grid: Float32Array;
      classes: number;
      /** x: n×2 point coordinates (interleaved), y: their class labels, split: 0 train / 1 test. */
      points: { x: Float32Array; y: Float32Array; split: Uint8Array };
      /** Names of the two input features and of the classes, when the dataset has them. */
      axes?: [string, string];
      classNames?: string[];
    }
  | {
      kind: "fit-curve";
      step: number;
      xs: Float32Array;
      ys: Float32Array;
      /** split (when given): 0 train / 1 test, so an overfit curve shows which points it was fitted to. */
      points: { x: Float32Array; y: Float32Array; split?: Uint8Array };
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
      /** Test images the confusion matrix and accuracy cover (the grid shows the first n of them). */
      evaluated?: number;
      /** What each class index means (e.g. "5" for class 0 of a digits 5–9 subset). */
      classNames?: string[];
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
      /** Samples decoded from a side×side grid of latent points over [-zMax, zMax]² (top row: largest z₂). */
      side?: number;
      zMax?: number;
    }
  | {
      kind: "loss-surface";
      step: number;
      res: number;
      extent: [number, number, number, number];
      /** res×res loss values over the parameter plane, and each trajectory so far. */
      grid: Float32Array;
      /** Each trajectory's points are (x, y) pairs; `grad` is the gradient at its last point. */
      trajectories: { name: string; points: Float32Array; grad?: [number, number] }[];
      /** The plane's two coordinates (e.g. ["x", "y"] or ["p[0]", "p[1]"]). */
      axes?: [string, string];
    }
  | {
      kind: "sequence";
      step: number;
      /** `windows` test windows, each inputLength inputs and then the true next value. */
      truth: Float32Array;
      /** Per window: the predicted next value, then the model running on alone for the rest. */
      predicted: Float32Array;
      windows?: number;
      inputLength?: number;
    }
  | {
      kind: "embedding-scatter";
      step: number;
      /** One point per embedding row: its first two coordinates (or a PCA when there are more). */
      points: Float32Array;
      /** The class each row goes with most often in the data (-1: never seen). */
      labels: Int32Array;
      names?: string[];
      classNames?: string[];
      axes?: [string, string];
    }
  | {
      kind: "samples-2d";
      step: number;
      /** n×2 real points and m×2 generated points (a GAN on a 2-D distribution). */
      real: Float32Array;
      generated: Float32Array;
    }
  | {
      kind: "categorical";
      step: number;
      /** The learned distribution over categories, and one relaxed sample drawn from it (if any). */
      node: string;
      probs: Float32Array;
      sample?: Float32Array;
      /** Probabilities over time: steps, and per step one row of probs. */
      history: { steps: Float32Array; probs: Float32Array };
    }
  | {
      kind: "traces";
      step: number;
      /** Scalar parameters and losses over the run, each as (step, value) pairs. */
      traces: { name: string; points: Float32Array }[];
    };

export type OutputViewKind = OutputView["kind"];
