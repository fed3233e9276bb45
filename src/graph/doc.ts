// The GraphDoc: the JSON model format and the single source of truth for a graph.
// These types are written out by hand so that the rest of the code base reads the format
// without going through zod; schema.ts proves at compile time that the two agree.

export const GRAPH_FORMAT = "wiregrad-graph";

/** The format version this code writes. Older files are upgraded by migrate.ts. */
export const CURRENT_VERSION = 1;

/** Node ids appear in error messages, exported code and ONNX names, so they stay identifier-like. */
export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export interface GraphDoc {
  /** Where a text editor finds the JSON Schema (public/graphdoc.schema.json); wiregrad ignores it. */
  $schema?: string;
  format: typeof GRAPH_FORMAT;
  version: typeof CURRENT_VERSION;
  meta: GraphMeta;
  nodes: GraphNode[];
  edges: GraphEdge[];
  training?: TrainingSettings;
}

/** Free-form description of the graph; unknown keys are kept so tools can add their own. */
export interface GraphMeta {
  title?: string;
  description?: string;
  note?: string;
  topic?: string;
  target?: string;
  created?: string;
  [key: string]: unknown;
}

export type ParamScalar = number | string | boolean | null;
/** Plain JSON values; arrays nest for tensor-valued params such as a Constant's value. */
export type ParamValue = ParamScalar | ParamValue[];

export interface GraphNode {
  id: string;
  /** Block type, named after its torch.nn / torch.optim counterpart where one exists. */
  type: string;
  params: Record<string, ParamValue>;
  position: { x: number; y: number };
  weights?: Record<string, WeightTensor>;
  /** A frozen node's weights are not updated by the optimiser. */
  frozen?: boolean;
}

/** Plain numbers (always loadable, diff-friendly) or little-endian float32 bytes in base64 (compact). */
export type WeightTensor = ArrayWeight | Base64Weight;

export interface ArrayWeight {
  shape: number[];
  data: number[];
}

export interface Base64Weight {
  shape: number[];
  dtype: "float32";
  base64: string;
}

export interface PortRef {
  node: string;
  port: string;
}

export interface GraphEdge {
  id: string;
  source: PortRef;
  target: PortRef;
}

/** Training settings after loading: the defaults are filled in. */
export interface TrainingSettings {
  batch_size: number;
  seed: number;
  steps?: number;
  log_every?: number;
  /** Fraction of the dataset held out for evaluation. */
  test_fraction: number;
  /** Final metrics, written back after training. */
  metrics?: Record<string, number>;
}

export const DEFAULT_TRAINING = { batch_size: 32, seed: 0, test_fraction: 0.2 } as const;
