// Reading a run's datasets for the views: which rows are train and which test, a fixed
// selection of test samples, and plot extents that frame the data.
import type { Dataset } from "../../../data/types";
import type { LiveContext } from "../types";

export function datasetOf(ctx: LiveContext, node: string): Dataset {
  const ds = ctx.datasets.get(node);
  if (!ds) throw new Error(`output view: dataset "${node}" is not loaded`);
  return ds;
}

/** 0 for a training sample, 1 for a test sample. */
export function splitMask(ds: Dataset): Uint8Array {
  const m = new Uint8Array(ds.n);
  for (const i of ds.split.test) m[i] = 1;
  return m;
}

/** The first `n` test samples (all test samples when fewer): the same ones at every update, so the view stays put while the model changes. */
export function testRows(ds: Dataset, n: number): Uint32Array {
  const rows = ds.split.test.length ? ds.split.test : ds.split.train;
  return rows.subarray(0, Math.min(n, rows.length));
}

/** Rows of x for the given samples, concatenated. */
export function gatherX(ds: Dataset, rows: ArrayLike<number>): Float32Array {
  const w = ds.xShape.reduce((p, d) => p * d, 1);
  const out = new Float32Array(rows.length * w);
  for (let i = 0; i < rows.length; i++) out.set(ds.x.subarray(rows[i] * w, (rows[i] + 1) * w), i * w);
  return out;
}

/** [lo, hi] of values, widened by `pad` of the span on each side (and never empty). */
export function paddedRange(
  values: ArrayLike<number>,
  stride: number,
  offset: number,
  pad: number,
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = offset; i < values.length; i += stride) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo)) return [-1, 1];
  const span = hi - lo || 1;
  return [lo - pad * span, hi + pad * span];
}
