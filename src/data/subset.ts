import { shapeSize } from "./shape.ts";
import type { Dataset } from "./types.ts";

/**
 * A new data set holding the given train and test samples (train first, then test),
 * copied so the original stays untouched. Used by MNIST label subsets and limits.
 */
export function selectSamples(
  ds: Dataset,
  trainIdx: ArrayLike<number>,
  testIdx: ArrayLike<number>,
  overrides: Partial<Dataset> = {},
): Dataset {
  const xs = shapeSize(ds.xShape);
  const ys = ds.task === "classification" ? 1 : shapeSize(ds.yShape);
  const n = trainIdx.length + testIdx.length;
  const x = new Float32Array(n * xs);
  const y = new Float32Array(n * ys);
  let k = 0;
  for (const list of [trainIdx, testIdx]) {
    for (let j = 0; j < list.length; j++, k++) {
      const i = list[j];
      x.set(ds.x.subarray(i * xs, (i + 1) * xs), k * xs);
      y.set(ds.y.subarray(i * ys, (i + 1) * ys), k * ys);
    }
  }
  const train = new Uint32Array(trainIdx.length);
  for (let i = 0; i < train.length; i++) train[i] = i;
  const test = new Uint32Array(testIdx.length);
  for (let i = 0; i < test.length; i++) test[i] = trainIdx.length + i;
  return {
    ...ds,
    x,
    y,
    n,
    split: { train, test },
    xShape: [...ds.xShape],
    yShape: [...ds.yShape],
    ...overrides,
  };
}

/**
 * Keeps at most `limit` samples, preserving the train:test ratio and the split's
 * disjointness (the first samples of each half are kept, so a limit is deterministic).
 */
export function limitDataset(ds: Dataset, limit: number): Dataset {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`limit must be a positive integer, got ${limit}`);
  if (limit >= ds.n) return ds;
  const { train, test } = ds.split;
  const total = train.length + test.length;
  const nTest = Math.min(test.length, Math.round((limit * test.length) / total));
  const nTrain = Math.min(train.length, limit - nTest);
  return selectSamples(ds, train.subarray(0, nTrain), test.subarray(0, nTest));
}
