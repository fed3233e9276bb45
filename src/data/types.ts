/** The in-memory form every data source produces; consumers (training, UI) see only this. */
export interface Dataset {
  name: string;
  task: "classification" | "regression";
  /** n * prod(xShape) values, row-major, sample-major. */
  x: Float32Array;
  /** Classification: one class index per sample (yShape = []); regression: n * prod(yShape). */
  y: Float32Array;
  /** Per-sample input shape, e.g. [2] or [1, 28, 28]. */
  xShape: number[];
  /** [] for class indices, [1] for scalar regression targets, [T, 1] for sequences... */
  yShape: number[];
  n: number;
  numClasses?: number;
  /** Sample indices (ascending), fixed by the seed; train and test are disjoint. */
  split: { train: Uint32Array; test: Uint32Array };
  featureNames?: string[];
  classNames?: string[];
}

/**
 * Describes one generator parameter so a UI can draw a control and validate input.
 * Kept here (not in src/graph) because src/data imports nothing of ours.
 */
export interface DatasetParamSpec {
  name: string;
  type: "int" | "float" | "bool" | "int_list" | "string";
  default: number | boolean | number[] | string | null;
  /** The values a "string" parameter may take (any text when absent). */
  options?: readonly string[];
  min?: number;
  max?: number;
  doc: string;
}

/** What a UI needs to list a data set before building it. */
export interface DatasetInfo {
  name: string;
  task: Dataset["task"];
  description: string;
  params: DatasetParamSpec[];
}

export type DatasetParams = Record<string, unknown>;
