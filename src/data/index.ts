/**
 * Public entry of src/data: browser- and Worker-safe. Node file loading lives in
 * ./node-files.ts and is deliberately not re-exported here.
 */
import { CSV_PARAMS, csvDataset } from "./csv-source.ts";
import { IRIS_PARAMS, iris } from "./iris.ts";
import { subsetByLabels } from "./mnist.ts";
import { resolveParams } from "./params.ts";
import { limitDataset } from "./subset.ts";
import { type SyntheticName, syntheticDatasets } from "./synthetic.ts";
import type { Dataset, DatasetInfo, DatasetParamSpec, DatasetParams } from "./types.ts";

export { type CsvOptions, type CsvResult, parseCsvDataset } from "./csv.ts";
export {
  CSV_PARAMS,
  CSV_TASKS,
  type CsvHeader,
  type CsvTask,
  csvDataset,
  readCsvHeader,
} from "./csv-source.ts";
export { IRIS_PARAMS, iris } from "./iris.ts";
export {
  decodeMnist,
  type MnistOptions,
  parseMnistRaw,
  type SubsetOptions,
  subsetByLabels,
} from "./mnist.ts";
export { fetchMnist } from "./mnist-fetch.ts";
export { encodeMnistRaw, MNIST_TRAIN_COUNT, type MnistRaw } from "./mnist-format.ts";
export { createRng, type Rng } from "./random.ts";
export { shapeSize } from "./shape.ts";
export { splitIndices } from "./split.ts";
export { limitDataset, selectSamples } from "./subset.ts";
export * from "./synthetic.ts";
export type { Dataset, DatasetInfo, DatasetParamSpec, DatasetParams } from "./types.ts";

export const MNIST_PARAMS: DatasetParamSpec[] = [
  {
    name: "labels",
    type: "int_list",
    default: null,
    min: 0,
    max: 9,
    doc: "Keep only these digits (e.g. [0,1,2,3,4] for transfer learning); null keeps all.",
  },
  {
    name: "remap",
    type: "bool",
    default: true,
    doc: "With labels: renumber them 0..k-1 so the head has k outputs.",
  },
  { name: "limit", type: "int", default: null, min: 1, max: 10_000, doc: "Keep at most this many samples." },
];

export type DatasetName = SyntheticName | "iris" | "mnist" | "csv";

export const DATASET_INFO: Record<DatasetName, DatasetInfo> = {
  ...(Object.fromEntries(
    Object.entries(syntheticDatasets).map(([k, { make: _make, ...info }]) => [k, info]),
  ) as Record<SyntheticName, DatasetInfo>),
  iris: {
    name: "iris",
    task: "classification",
    description: "Fisher's Iris: 150 flowers, 4 standardised measurements, 3 species.",
    params: IRIS_PARAMS,
  },
  mnist: {
    name: "mnist",
    task: "classification",
    description: "10,000 handwritten digits, 1x28x28 in [0, 1]; fixed split 8,000 train / 2,000 test.",
    params: MNIST_PARAMS,
  },
  csv: {
    name: "csv",
    task: "classification",
    description:
      "Your own numeric table, pasted or uploaded as CSV: the feature columns and one target column.",
    params: CSV_PARAMS,
  },
};

export const DATASET_NAMES = Object.keys(DATASET_INFO) as DatasetName[];

export interface DatasetLoaders {
  /** Returns the full MNIST set, already loaded (fetchMnist in a browser, readMnistFile in Node). */
  mnist?: () => Dataset;
}

function isSynthetic(name: string): name is SyntheticName {
  return Object.hasOwn(syntheticDatasets, name);
}

/**
 * Builds a data set by name. Params are validated against DATASET_INFO[name].params;
 * unknown names and bad values throw an Error naming the data set and the parameter.
 * MNIST is loaded asynchronously in a browser, so the caller loads it first and passes
 * a synchronous loader.
 */
export function makeDataset(name: string, params: DatasetParams = {}, loaders: DatasetLoaders = {}): Dataset {
  if (isSynthetic(name)) return syntheticDatasets[name].make(params);
  if (name === "iris") return iris(params);
  if (name === "csv") return csvDataset(params);
  if (name === "mnist") {
    const p = resolveParams("mnist", MNIST_PARAMS, params) as {
      labels: number[] | null;
      remap: boolean;
      limit: number | null;
    };
    if (!loaders.mnist) {
      throw new Error(
        'dataset "mnist" needs a loader: await fetchMnist() in the browser or use readMnistFile() from src/data/node-files.ts in Node, then pass { mnist: () => dataset }',
      );
    }
    let ds = loaders.mnist();
    if (p.labels) ds = subsetByLabels(ds, p.labels, { remap: p.remap });
    if (p.limit !== null) ds = limitDataset(ds, p.limit);
    return ds;
  }
  throw new Error(`unknown dataset "${name}"; known datasets: ${DATASET_NAMES.join(", ")}`);
}
