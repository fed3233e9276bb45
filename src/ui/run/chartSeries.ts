// What the metrics chart draws, as data: one series per run and split for the chosen
// metric, smoothed like TensorBoard (a debiased exponential moving average) so early
// points are not dragged towards zero.
import type { MetricPoint, RunRecord } from "../state/liveStore";

export interface Series {
  run: number;
  name: string;
  split: "train" | "test";
  /** [step, value] pairs, in step order, finite values only. */
  points: [number, number][];
  colour: string;
}

/** Colour-blind-safe categorical colours (Okabe–Ito), one per run. */
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7f7f7f"];

export function runColour(id: number): string {
  return PALETTE[(id - 1 + PALETTE.length) % PALETTE.length];
}

export function metricValue(p: MetricPoint, metric: string): number | undefined {
  return metric === "loss" ? p.loss : p.metrics[metric];
}

/** Metric names found in the runs: "loss" first, then e.g. "accuracy". */
export function metricNames(runs: RunRecord[]): string[] {
  const names = new Set<string>(["loss"]);
  for (const r of runs) for (const p of r.points) for (const k of Object.keys(p.metrics)) names.add(k);
  return [...names];
}

export function ema(points: [number, number][], weight: number): [number, number][] {
  if (weight <= 0) return points;
  let last = 0;
  return points.map(([x, y], i) => {
    last = last * weight + (1 - weight) * y;
    return [x, last / (1 - weight ** (i + 1))];
  });
}

export function buildSeries(runs: RunRecord[], metric: string, smoothing: number, log: boolean): Series[] {
  const out: Series[] = [];
  for (const r of runs) {
    if (!r.visible) continue;
    for (const split of ["train", "test"] as const) {
      const raw: [number, number][] = [];
      for (const p of r.points) {
        if (p.split !== split) continue;
        const v = metricValue(p, metric);
        if (v !== undefined && Number.isFinite(v) && (!log || v > 0)) raw.push([p.step, v]);
      }
      if (raw.length === 0) continue;
      // Test points are few and each is a full evaluation: smoothing them would only hide them.
      const points = split === "train" ? ema(raw, smoothing) : raw;
      out.push({ run: r.id, name: r.name, split, points, colour: runColour(r.id) });
    }
  }
  return out;
}

/** The point of a series nearest to `step` (by step), for hover values. */
export function nearest(points: [number, number][], step: number): [number, number] | undefined {
  if (points.length === 0) return undefined;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid][0] < step) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo][0] - step) <= Math.abs(points[hi][0] - step) ? points[lo] : points[hi];
}
