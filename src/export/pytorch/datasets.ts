// The data of each Dataset block. Synthetic sets and Iris are written out as numbers (x, y and
// the train/test split) into the companion <out>.data.json, rather than re-implemented in Python
// where a generator drifting from ours would go unnoticed; MNIST is read from wiregrad's own
// mnist.bin.gz with the same split, subset and limit.
import { type DatasetParams, datasetArgs, datasetShapes } from "../../../nodes/Dataset";
import type { Analysis } from "../../compile/analyze";
import type { Dataset } from "../../data/types";
import { shortestFloat32 } from "../../graph/weights";
import { pyValue } from "./py";

export type DatasetLoader = (name: string, args: Record<string, unknown>) => Dataset;

export interface DatasetExport {
  /** `DATASETS = {...}`: per node, where its samples come from and their shapes. */
  table: string;
  /** Companion file content (synthetic sets), or undefined when nothing needs writing. */
  data?: Record<string, { x: number[]; y: number[]; train: number[]; test: number[] }>;
  usesMnist: boolean;
}

export function exportDatasets(a: Analysis, testFraction: number, load: DatasetLoader): DatasetExport {
  const entries: string[] = [];
  const data: DatasetExport["data"] = {};
  let usesMnist = false;
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    if (info.def.type !== "Dataset") continue;
    const p = info.params as unknown as DatasetParams;
    const shapes = datasetShapes(p);
    const common = `"seed": ${p.seed}, "x_shape": ${pyValue(shapes.x)}, "y_shape": ${pyValue(shapes.y)}`;
    if (p.name === "mnist") {
      usesMnist = true;
      const labels = p.labels.length ? pyValue(p.labels) : "None";
      const limit = p.limit > 0 ? String(p.limit) : "None";
      entries.push(
        `    ${JSON.stringify(id)}: {"source": "mnist", ${common}, "labels": ${labels}, "remap": True, "limit": ${limit}},`,
      );
      continue;
    }
    const ds = load(p.name, datasetArgs(p, testFraction));
    data[id] = {
      x: Array.from(ds.x, shortestFloat32),
      y: Array.from(ds.y, shortestFloat32),
      train: Array.from(ds.split.train),
      test: Array.from(ds.split.test),
    };
    entries.push(
      `    ${JSON.stringify(id)}: {"source": "file", "name": ${JSON.stringify(p.name)}, ${common}},`,
    );
  }
  const table = entries.length ? `DATASETS = {\n${entries.join("\n")}\n}` : "DATASETS = {}";
  return { table, data: Object.keys(data).length ? data : undefined, usesMnist };
}
