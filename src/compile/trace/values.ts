import type { Arr } from "../../backends/cpu/executor";
import type { TraceValue } from "./types";

/** Tensors up to this many elements are shown in full. */
export const FULL_LIMIT = 16;
const HEAD = 6;

/** A number as a lecturer reads it aloud: 4 decimals, exponent only when tiny or huge. */
export function fmtNum(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-3 ? v.toExponential(3).replace(/\.?0+e/, "e") : String(Number(v.toFixed(4)));
  return s.replace(/^-/, "−");
}

export function traceValue(data: Arr, shape: readonly number[]): TraceValue {
  const n = data.length;
  const full = n <= FULL_LIMIT;
  const shown = Array.from(full ? data : data.subarray(0, HEAD));
  if (full) {
    const text = shape.length === 0 || n === 1 ? fmtNum(shown[0]) : `[${shown.map(fmtNum).join(", ")}]`;
    return { shape: [...shape], size: n, data: shown, text };
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sq += v * v;
  }
  const summary = { min, max, mean: sum / n, norm: Math.sqrt(sq) };
  const text = `[${shape.join("×")}]  mean ${fmtNum(summary.mean)}, range ${fmtNum(min)} … ${fmtNum(max)}`;
  return { shape: [...shape], size: n, data: shown, summary, text };
}

/** The single number of a one-element value, else undefined. */
export function scalarOf(v: TraceValue): number | undefined {
  return v.size === 1 ? v.data[0] : undefined;
}
