// Sequence prediction: a few test windows with their true next value and the model's, and the
// model then running on alone, each prediction fed back as the newest input (does it keep the wave going?).
import type { LiveContext, OutputView } from "../types";
import { datasetOf, gatherX, testRows } from "./data";
import { forward } from "./forward";
import type { Readout } from "./readout";

/** Windows drawn side by side. */
const WINDOWS = 3;

export const fitsSequence = (r: Readout | undefined): r is Readout =>
  !!r &&
  r.link === "identity" &&
  r.classes === undefined &&
  r.xShape.length === 2 &&
  r.xShape[1] === 1 &&
  r.xShape[0] >= 2 &&
  r.outShape.reduce((p, d) => p * d, 1) === 1;

export function sequence(ctx: LiveContext, r: Readout): OutputView {
  const ds = datasetOf(ctx, r.dataset);
  const T = r.xShape[0];
  const rows = testRows(ds, WINDOWS);
  const k = rows.length;
  const truth = new Float32Array(k * (T + 1));
  const x = gatherX(ds, rows);
  for (let i = 0; i < k; i++) {
    truth.set(x.subarray(i * T, (i + 1) * T), i * (T + 1));
    truth[i * (T + 1) + T] = ds.y[rows[i]];
  }
  // Free-running: T predictions, each window sliding over its own previous outputs.
  const predicted = new Float32Array(k * T);
  const window = Float32Array.from(x);
  for (let t = 0; t < T; t++) {
    const [out] = forward(ctx, {
      doc: ctx.doc,
      batch: k,
      feeds: { [`${r.dataset}.x`]: window },
      ports: [r.port],
    });
    for (let i = 0; i < k; i++) {
      predicted[i * T + t] = out[i];
      const w = window.subarray(i * T, (i + 1) * T);
      w.copyWithin(0, 1);
      w[T - 1] = out[i];
    }
  }
  return { kind: "sequence", step: ctx.step, truth, predicted, windows: k, inputLength: T };
}
