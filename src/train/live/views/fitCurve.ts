// The fitted curve of a 1-D regression: the model's output along the input axis, with the
// data points (training and held-out told apart, which is what shows an overfit).
import type { LiveContext, OutputView } from "../types";
import { datasetOf, paddedRange, splitMask } from "./data";
import { forward } from "./forward";
import type { Readout } from "./readout";

/** Samples along x: smooth at projector size, and cheap. */
const SAMPLES = 200;

export const fitsFitCurve = (r: Readout | undefined): r is Readout =>
  !!r &&
  r.link === "identity" &&
  r.classes === undefined &&
  r.xShape.length === 1 &&
  r.xShape[0] === 1 &&
  r.outShape.reduce((p, d) => p * d, 1) === 1;

export function fitCurve(ctx: LiveContext, r: Readout): OutputView {
  const ds = datasetOf(ctx, r.dataset);
  const [x0, x1] = paddedRange(ds.x, 1, 0, 0.05);
  const xs = new Float32Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) xs[i] = x0 + (i / (SAMPLES - 1)) * (x1 - x0);
  const [ys] = forward(ctx, {
    doc: ctx.doc,
    batch: SAMPLES,
    feeds: { [`${r.dataset}.x`]: xs },
    ports: [r.port],
  });
  return {
    kind: "fit-curve",
    step: ctx.step,
    xs,
    ys: Float32Array.from(ys),
    points: { x: ds.x, y: ds.y, split: splitMask(ds) },
  };
}
