// The gradient edge view's scale: log10 of each wire's gradient norm, spread over the range
// the current snapshot spans (at least one decade, so a graph whose wires all carry about the
// same gradient does not exaggerate small differences).
import type { ProbeSnapshot } from "../../train/live/types";

export const MIN_WIDTH = 1.5;
export const MAX_WIDTH = 9;

export interface EdgeScale {
  lo: number;
  hi: number;
}

const cache = new WeakMap<ProbeSnapshot, EdgeScale | null>();

/** log10 bounds of the non-zero finite edge norms of a snapshot (null when none). */
export function edgeScale(p: ProbeSnapshot): EdgeScale | null {
  if (cache.has(p)) return cache.get(p)!;
  const logs = Object.values(p.edges)
    .filter((v) => Number.isFinite(v) && v > 0)
    .map(Math.log10);
  let s: EdgeScale | null = null;
  if (logs.length) {
    const hi = Math.max(...logs);
    s = { lo: Math.min(Math.min(...logs), hi - 1), hi };
  }
  cache.set(p, s);
  return s;
}

/** 0..1 position of a norm on the scale. */
export function edgeT(norm: number, s: EdgeScale): number {
  if (!(norm > 0) || !Number.isFinite(norm)) return 0;
  return Math.max(0, Math.min(1, (Math.log10(norm) - s.lo) / (s.hi - s.lo || 1)));
}

export const edgeWidth = (t: number) => MIN_WIDTH + t * (MAX_WIDTH - MIN_WIDTH);

/** Pale violet for a trickle, deep violet for the strongest wire. */
export function edgeColour(t: number): string {
  const a = [196, 181, 221];
  const b = [91, 33, 182];
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * t));
  return `rgb(${c[0]} ${c[1]} ${c[2]})`;
}

export function fmtNorm(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  return v >= 0.01 && v < 1000 ? v.toPrecision(2) : v.toExponential(1);
}
