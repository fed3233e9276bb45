// Summaries of one tensor: the few numbers and the histogram a node view, the inspector's
// history and the warnings read. Two passes over the data, no allocation but the counts.
import type { Histogram, TensorSummary } from "../types";

/** Bins in every histogram: enough to see a shape, few enough to stack 200 of them. */
export const HIST_BINS = 24;

/** mean, std, min, max over the finite entries; NaN/±Inf are counted, not averaged. */
export function summarize(
  data: ArrayLike<number>,
  shape: readonly number[],
  bins = HIST_BINS,
): TensorSummary {
  let n = 0;
  let nonFinite = 0;
  let mean = 0;
  let m2 = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    // Welford: stable for the large, nearly equal values an exploding run produces.
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (n === 0) {
    return {
      shape: [...shape],
      mean: 0,
      std: 0,
      min: 0,
      max: 0,
      nonFinite,
      hist: { lo: 0, hi: 0, counts: new Array(bins).fill(0) },
    };
  }
  return {
    shape: [...shape],
    mean,
    std: Math.sqrt(m2 / n),
    min,
    max,
    nonFinite,
    hist: histogram(data, min, max, bins),
  };
}

/** Fixed-count bins over [lo, hi]; a constant tensor puts everything in the middle bin. */
export function histogram(data: ArrayLike<number>, lo: number, hi: number, bins = HIST_BINS): Histogram {
  const counts = new Array<number>(bins).fill(0);
  const width = hi - lo;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    const k = width > 0 ? Math.min(bins - 1, Math.floor(((v - lo) / width) * bins)) : bins >> 1;
    counts[k]++;
  }
  return { lo, hi, counts };
}

/** Euclidean norm; NaN when any entry is not finite (a norm must not hide a NaN). */
export function l2norm(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return Math.sqrt(s);
}

/** Root mean square: a norm that does not grow with the tensor's size, for comparing layers. */
export function rms(data: ArrayLike<number>): number {
  return data.length ? l2norm(data) / Math.sqrt(data.length) : 0;
}

/** ‖a − b‖ for two tensors of the same size. */
export function diffNorm(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}
