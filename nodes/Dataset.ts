import { CSV_TASKS, DATASET_INFO, DATASET_NAMES, readCsvHeader } from "../src/data/index";
import { ParamError, type SymShape } from "../src/graph/symbolic";
import { defineBlock } from "./types";

export interface DatasetParams {
  name: string;
  n_samples: number;
  noise: number;
  seed: number;
  seq_len: number;
  vocab_size: number;
  num_groups: number;
  labels: number[];
  limit: number;
  flatten: boolean;
  csv: string;
  target: string;
  task: "classification" | "regression";
}

/**
 * A person's own table. It lives in the block's params as the CSV text itself (not a file
 * name or a link) so the graph file stays self-contained: saved, shared as a link, exported
 * to PyTorch or trained by the CLI, it carries its data. Shapes come from the header alone:
 * x is [columns − 1], y is class indices [] or one number [1], as the chosen task says; the
 * rows are parsed (and bad lines reported) when the dataset is built for training.
 */
function csvShapes(p: DatasetParams): { x: number[]; y: number[] } {
  const header = readCsvHeader(p.csv);
  if (!header.ok) throw new ParamError("csv", header.error);
  const { columns } = header;
  if (p.target.trim() === "")
    throw new ParamError("target", `choose the column to predict: ${columns.join(", ")}`);
  if (!columns.includes(p.target.trim()))
    throw new ParamError("target", `no column "${p.target}" in the table; columns are ${columns.join(", ")}`);
  if (columns.length < 2) throw new ParamError("csv", "the table needs a feature column besides the target");
  return { x: [columns.length - 1], y: p.task === "regression" ? [1] : [] };
}

/** Per-sample shapes of each dataset, known without generating it (shape inference must be instant). */
export function datasetShapes(p: DatasetParams): { x: number[]; y: number[]; numClasses?: number } {
  switch (p.name) {
    case "spiral":
    case "circles":
    case "xor":
    case "gaussians":
      return { x: [2], y: [], numClasses: 2 };
    case "sine":
    case "linear":
      return { x: [1], y: [1] };
    case "sine_sequence":
      return { x: [p.seq_len, 1], y: [1] };
    case "tokens":
      return { x: [p.seq_len], y: [], numClasses: p.num_groups };
    case "iris":
      return { x: [4], y: [], numClasses: 3 };
    case "mnist":
      return { x: p.flatten ? [784] : [1, 28, 28], y: [], numClasses: p.labels.length || 10 };
    case "csv":
      return csvShapes(p);
  }
  throw new Error(`unknown dataset "${p.name}"`);
}

/**
 * The subset of the block's params that the chosen dataset takes (makeDataset refuses
 * others). The held-out share is a training setting, not the block's, so it comes in here.
 */
export function datasetArgs(p: DatasetParams, testFraction = 0.2): Record<string, unknown> {
  const info = DATASET_INFO[p.name as keyof typeof DATASET_INFO];
  const args: Record<string, unknown> = {};
  for (const spec of info.params) {
    const v = (p as unknown as Record<string, unknown>)[spec.name];
    if (spec.name === "labels") args.labels = p.labels.length ? p.labels : null;
    else if (spec.name === "limit") args.limit = p.limit > 0 ? p.limit : null;
    else if (spec.name === "test_fraction") args.test_fraction = testFraction;
    else if (v !== undefined) args[spec.name] = v;
  }
  return args;
}

export const Dataset = defineBlock<DatasetParams>({
  type: "Dataset",
  category: "data",
  doc: "(x, y) mini-batches drawn from a dataset: x [B, …], y class indices [B] or targets [B, …]",
  params: [
    { name: "name", kind: "enum", default: "spiral", options: DATASET_NAMES, doc: "which dataset" },
    {
      name: "n_samples",
      kind: "int",
      default: 400,
      min: 4,
      max: 100000,
      doc: "samples to generate (synthetic sets)",
    },
    { name: "noise", kind: "float", default: 0.2, min: 0, max: 10, doc: "noise level (synthetic sets)" },
    {
      name: "seed",
      kind: "int",
      default: 0,
      min: 0,
      max: 2 ** 31 - 1,
      doc: "seed of the data and its split",
    },
    {
      name: "seq_len",
      kind: "int",
      default: 20,
      min: 1,
      max: 1000,
      doc: "sequence length (sine_sequence, tokens)",
    },
    { name: "vocab_size", kind: "int", default: 16, min: 2, max: 10000, doc: "vocabulary (tokens)" },
    { name: "num_groups", kind: "int", default: 4, min: 2, max: 100, doc: "classes (tokens)" },
    {
      name: "labels",
      kind: "floats",
      default: [],
      doc: "MNIST digits to keep, renumbered from 0 (empty: all)",
    },
    { name: "limit", kind: "int", default: 0, min: 0, max: 10000, doc: "at most this many samples (0: all)" },
    { name: "flatten", kind: "bool", default: false, doc: "MNIST images as [784] instead of [1, 28, 28]" },
    {
      name: "csv",
      kind: "text",
      multiline: true,
      default: "",
      doc: "your table (csv): a header row, then one row of numbers per sample",
    },
    { name: "target", kind: "text", default: "", doc: "the column to predict (csv)" },
    {
      name: "task",
      kind: "enum",
      default: "classification",
      options: CSV_TASKS,
      doc: "csv: class labels (classification) or numbers to fit (regression)",
    },
  ],
  // Each dataset takes its own few params (DATASET_INFO says which); the rest are hidden.
  relevantParams(p) {
    const info = DATASET_INFO[p.name as keyof typeof DATASET_INFO];
    const names = ["name", ...(info?.params.map((s) => s.name) ?? [])];
    return p.name === "mnist" ? [...names, "flatten"] : names;
  },
  inputs: [],
  outputs: [
    { name: "x", doc: "inputs" },
    { name: "y", doc: "class indices or regression targets" },
  ],
  shape({ params }) {
    const s = datasetShapes(params);
    return { x: ["B", ...s.x] as SymShape, y: ["B", ...s.y] as SymShape };
  },
  lower({ params, feed, batch }) {
    const s = datasetShapes(params);
    return { x: feed("x", [batch, ...s.x]), y: feed("y", [batch, ...s.y]) };
  },
  examples: [
    { params: { name: "spiral" }, inputs: {}, batch: 4 },
    { params: { name: "sine_sequence", seq_len: 5 }, inputs: {}, batch: 3, note: "sequences" },
    {
      params: { name: "csv", csv: "a,b,label\n1,2,0\n3,4,1\n5,6,0\n", target: "label" },
      inputs: {},
      batch: 2,
      note: "a pasted table, classification",
    },
    {
      params: { name: "csv", csv: "y,x1,x2,x3\n0.5,1,2,3\n1.5,4,5,6\n", target: "y", task: "regression" },
      inputs: {},
      batch: 2,
      note: "a pasted table, regression",
    },
  ],
  badWiring: [],
});
