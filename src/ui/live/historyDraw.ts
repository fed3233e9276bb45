// Drawing the inspector's histories: histograms stacked over time as a heatmap (one column a
// snapshot, darker where more values fall), and a line of a ratio on a log scale.
import type { Histogram } from "../../train/live/types";

/** Common value range of a set of histograms (finite, non-empty). */
export function rangeOf(hs: Histogram[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const h of hs) {
    if (!h.counts.some((c) => c > 0)) continue;
    lo = Math.min(lo, h.lo);
    hi = Math.max(hi, h.hi);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
}

/**
 * Each histogram's bins are placed on the common range, so a distribution that widens over
 * training is seen to widen. Intensity is the bin's share of its column's largest bin.
 */
export function drawHistogramHistory(
  ctx: CanvasRenderingContext2D,
  hs: Histogram[],
  width: number,
  height: number,
  rgb: [number, number, number],
) {
  ctx.clearRect(0, 0, width, height);
  if (!hs.length) return;
  const [lo, hi] = rangeOf(hs);
  const y = (v: number) => height - ((v - lo) / (hi - lo)) * height;
  const cw = width / Math.max(hs.length, 20);
  hs.forEach((h, i) => {
    const top = Math.max(...h.counts);
    if (!top) return;
    const bw = (h.hi - h.lo) / h.counts.length;
    h.counts.forEach((c, k) => {
      if (!c) return;
      const y0 = y(h.lo + k * bw);
      const y1 = bw > 0 ? y(h.lo + (k + 1) * bw) : y0 - 2;
      ctx.fillStyle = `rgb(${rgb[0]} ${rgb[1]} ${rgb[2]} / ${(0.15 + 0.85 * (c / top)).toFixed(3)})`;
      ctx.fillRect(i * cw, Math.min(y0, y1), Math.ceil(cw), Math.max(1, Math.abs(y0 - y1)));
    });
  });
}

/** A log-scale line of positive values, with a dashed reference level. */
export function drawLogLine(
  ctx: CanvasRenderingContext2D,
  values: number[],
  width: number,
  height: number,
  reference: number,
  colour: string,
): [number, number] {
  ctx.clearRect(0, 0, width, height);
  const logs = values.map((v) => (v > 0 && Number.isFinite(v) ? Math.log10(v) : Number.NaN));
  const finite = [...logs.filter(Number.isFinite), Math.log10(reference)];
  let lo = Math.floor(Math.min(...finite));
  let hi = Math.ceil(Math.max(...finite));
  if (hi - lo < 2) [lo, hi] = [lo - 1, hi + 1];
  const y = (l: number) => height - 2 - ((l - lo) / (hi - lo)) * (height - 4);
  const dx = width / Math.max(values.length - 1, 19);
  ctx.strokeStyle = "rgb(128 128 128 / 60%)";
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  ctx.moveTo(0, y(Math.log10(reference)));
  ctx.lineTo(width, y(Math.log10(reference)));
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.beginPath();
  let pen = false;
  logs.forEach((l, i) => {
    if (!Number.isFinite(l)) {
      pen = false;
      return;
    }
    if (pen) ctx.lineTo(i * dx, y(l));
    else ctx.moveTo(i * dx, y(l));
    pen = true;
  });
  ctx.stroke();
  return [lo, hi];
}
