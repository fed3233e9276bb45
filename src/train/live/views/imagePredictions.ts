// An image classifier's predictions on test images: a grid of digits with their predicted and
// true labels, and a confusion matrix over a larger fixed set of test images.
import type { LiveContext, OutputView } from "../types";
import { datasetOf, gatherX, testRows } from "./data";
import { forward } from "./forward";
import { runValue } from "./history";
import { argmax, probabilities, type Readout } from "./readout";

/** Images in the grid (4 rows of 8 on the projector). */
const SHOWN = 32;
/** Test images behind the confusion matrix. */
const EVALUATED = 200;
/** Time one update may spend on the forward pass: a CNN on the CPU then covers the set over a few updates. */
const BUDGET_MS = 120;
const MIN_CHUNK = 8;

/** An image is 28×28, 1×28×28 or 784 (a flattened square). */
export function imageSize(xShape: number[]): [number, number] | undefined {
  const dims = xShape.filter((d, i) => !(i === 0 && d === 1 && xShape.length === 3));
  if (dims.length === 2) return [dims[0], dims[1]];
  if (dims.length === 1) {
    const s = Math.round(Math.sqrt(dims[0]));
    if (s * s === dims[0] && s >= 8) return [s, s];
  }
  return undefined;
}

export const fitsImagePredictions = (r: Readout | undefined): r is Readout =>
  !!r && r.classes !== undefined && imageSize(r.xShape) !== undefined;

/** Latest prediction per test image, refreshed a chunk at a time, round-robin from the grid's images on. */
interface Rolling {
  predicted: Int32Array;
  next: number;
  /** Milliseconds per image, measured: sizes the next chunk. */
  msPerImage: number;
}

export function imagePredictions(ctx: LiveContext, r: Readout): OutputView {
  const ds = datasetOf(ctx, r.dataset);
  const [h, w] = imageSize(r.xShape)!;
  const rows = testRows(ds, EVALUATED);
  const n = rows.length;
  const c = r.classes!;
  const roll = runValue<Rolling>(ctx, `images:${r.port}`, () => ({
    predicted: new Int32Array(n).fill(-1),
    next: 0,
    msPerImage: 0,
  }));
  const chunk = Math.min(
    n,
    Math.max(MIN_CHUNK, roll.msPerImage ? Math.floor(BUDGET_MS / roll.msPerImage) : SHOWN),
  );
  const picked = Array.from({ length: chunk }, (_, i) => (roll.next + i) % n);
  const t0 = performance.now();
  const [out] = forward(ctx, {
    doc: ctx.doc,
    batch: chunk,
    feeds: {
      [`${r.dataset}.x`]: gatherX(
        ds,
        picked.map((i) => rows[i]),
      ),
    },
    ports: [r.port],
  });
  roll.msPerImage = (performance.now() - t0) / chunk;
  const width = r.outShape.reduce((p, d) => p * d, 1);
  picked.forEach((i, j) => {
    roll.predicted[i] = argmax(probabilities(r.link, out, j * width, c));
  });
  roll.next = (roll.next + chunk) % n;

  const truth = new Int32Array(n);
  const confusion = new Int32Array(c * c);
  let evaluated = 0;
  let right = 0;
  for (let i = 0; i < n; i++) {
    truth[i] = ds.y[rows[i]];
    const p = roll.predicted[i];
    if (p < 0 || truth[i] < 0 || truth[i] >= c) continue;
    confusion[truth[i] * c + p]++;
    evaluated++;
    if (p === truth[i]) right++;
  }
  const shown = Math.min(SHOWN, n);
  return {
    kind: "image-predictions",
    step: ctx.step,
    images: gatherX(ds, rows.subarray(0, shown)),
    h,
    w,
    truth: truth.slice(0, shown),
    predicted: roll.predicted.slice(0, shown),
    classes: c,
    confusion,
    accuracy: evaluated ? right / evaluated : 0,
    evaluated,
    ...(ds.classNames ? { classNames: ds.classNames } : {}),
  };
}
