// The decision boundary of a 2-D classifier: the model's prediction over a grid covering the
// data, with the data points on top.
import type { LiveContext, OutputView } from "../types";
import { datasetOf, paddedRange, splitMask } from "./data";
import { forward } from "./forward";
import { argmax, probabilities, type Readout } from "./readout";

/** Grid cells per side: fine enough for a smooth boundary, 4,096 forward rows per update. */
const RES = 64;

export const fitsDecisionBoundary = (r: Readout | undefined): r is Readout =>
  !!r && r.classes !== undefined && r.xShape.length === 1 && r.xShape[0] === 2;

export function decisionBoundary(ctx: LiveContext, r: Readout): OutputView {
  const ds = datasetOf(ctx, r.dataset);
  const [x0, x1] = paddedRange(ds.x, 2, 0, 0.08);
  const [y0, y1] = paddedRange(ds.x, 2, 1, 0.08);
  const grid = new Float32Array(RES * RES * 2);
  for (let row = 0; row < RES; row++) {
    // Row 0 is the top of the picture: the largest y.
    const y = y1 - ((row + 0.5) / RES) * (y1 - y0);
    for (let col = 0; col < RES; col++) {
      const i = row * RES + col;
      grid[2 * i] = x0 + ((col + 0.5) / RES) * (x1 - x0);
      grid[2 * i + 1] = y;
    }
  }
  const [out] = forward(ctx, {
    doc: ctx.doc,
    batch: RES * RES,
    feeds: { [`${r.dataset}.x`]: grid },
    ports: [r.port],
  });
  const c = r.classes!;
  const width = r.outShape.reduce((p, d) => p * d, 1);
  const field = new Float32Array(RES * RES);
  for (let i = 0; i < RES * RES; i++) {
    const p = probabilities(r.link, out, i * width, c);
    field[i] = c === 2 ? p[1] : argmax(p);
  }
  return {
    kind: "decision-boundary",
    step: ctx.step,
    res: RES,
    extent: [x0, x1, y0, y1],
    grid: field,
    classes: c,
    points: { x: ds.x, y: ds.y, split: splitMask(ds) },
    ...(ds.featureNames?.length === 2
      ? { axes: [ds.featureNames[0], ds.featureNames[1]] as [string, string] }
      : {}),
    ...(ds.classNames ? { classNames: ds.classNames } : {}),
  };
}
