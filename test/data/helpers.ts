import type { Dataset } from "../../src/data/index.ts";
import { shapeSize } from "../../src/data/index.ts";

/** Structural invariants every Dataset must satisfy; returns problems (empty = fine). */
export function datasetProblems(ds: Dataset): string[] {
  const problems: string[] = [];
  const xs = shapeSize(ds.xShape);
  const ys = ds.task === "classification" ? 1 : shapeSize(ds.yShape);
  if (ds.x.length !== ds.n * xs) problems.push(`x has ${ds.x.length} values, expected ${ds.n}*${xs}`);
  if (ds.y.length !== ds.n * ys) problems.push(`y has ${ds.y.length} values, expected ${ds.n}*${ys}`);
  if (ds.task === "classification") {
    if (ds.yShape.length !== 0) problems.push("classification yShape must be []");
    const c = ds.numClasses ?? -1;
    for (const v of ds.y) {
      if (!Number.isInteger(v) || v < 0 || v >= c) {
        problems.push(`label ${v} not in 0..${c - 1}`);
        break;
      }
    }
  }
  if (!ds.x.every(Number.isFinite)) problems.push("x has non-finite values");
  if (!ds.y.every(Number.isFinite)) problems.push("y has non-finite values");
  const all = [...ds.split.train, ...ds.split.test];
  if (all.length !== ds.n) problems.push(`split covers ${all.length} of ${ds.n} samples`);
  if (new Set(all).size !== all.length) problems.push("train and test overlap or repeat");
  if (all.some((i) => i >= ds.n)) problems.push("split index out of range");
  return problems;
}

export function row(ds: Dataset, i: number): Float32Array {
  const xs = shapeSize(ds.xShape);
  return ds.x.subarray(i * xs, (i + 1) * xs);
}

export function classCounts(ds: Dataset, idx?: ArrayLike<number>): number[] {
  const counts = new Array<number>(ds.numClasses ?? 0).fill(0);
  const list = idx ?? Array.from({ length: ds.n }, (_, i) => i);
  for (let k = 0; k < list.length; k++) counts[ds.y[list[k]]]++;
  return counts;
}

/** k-nearest-neighbour test accuracy (train -> test): a cheap "is it learnable" check. */
export function knnAccuracy(ds: Dataset, k = 5): number {
  const { train, test } = ds.split;
  const c = ds.numClasses ?? 0;
  let correct = 0;
  for (const i of test) {
    const a = row(ds, i);
    const best: { d: number; y: number }[] = [];
    for (const j of train) {
      const b = row(ds, j);
      let d = 0;
      for (let f = 0; f < a.length; f++) d += (a[f] - b[f]) ** 2;
      if (best.length < k || d < best[best.length - 1].d) {
        best.push({ d, y: ds.y[j] });
        best.sort((p, q) => p.d - q.d);
        if (best.length > k) best.pop();
      }
    }
    const votes = new Array<number>(c).fill(0);
    for (const b of best) votes[b.y]++;
    if (votes.indexOf(Math.max(...votes)) === ds.y[i]) correct++;
  }
  return correct / test.length;
}

/** Least squares y ~ X w + b via normal equations (small d), returns [w..., b]. */
export function leastSquares(features: number[][], targets: number[]): number[] {
  const d = features[0].length + 1;
  const a = Array.from({ length: d }, () => new Array<number>(d + 1).fill(0));
  features.forEach((f, i) => {
    const r = [...f, 1];
    for (let p = 0; p < d; p++) {
      for (let q = 0; q < d; q++) a[p][q] += r[p] * r[q];
      a[p][d] += r[p] * targets[i];
    }
  });
  // Gauss-Jordan elimination with partial pivoting.
  for (let col = 0; col < d; col++) {
    let piv = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
    [a[col], a[piv]] = [a[piv], a[col]];
    for (let r = 0; r < d; r++) {
      if (r === col) continue;
      const m = a[r][col] / a[col][col];
      for (let q = col; q <= d; q++) a[r][q] -= m * a[col][q];
    }
  }
  return a.map((r, i) => r[d] / r[i]);
}
