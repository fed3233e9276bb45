// Shared by the WebGPU tests: one runtime per test file, and comparisons that report how
// far apart two results are in units of float32 rounding.

import { GpuRuntime, NoWebGpuError } from "../../src/backends/webgpu";

let runtime: Promise<GpuRuntime> | undefined;

/**
 * The WebGPU runtime, or a failure that says what to install. Never a skip: a machine that
 * cannot run these tests must not report them as passed (DESIGN.md, Invariants).
 */
export function requireGpu(): Promise<GpuRuntime> {
  runtime ??= GpuRuntime.create().catch((e: unknown) => {
    if (e instanceof NoWebGpuError) {
      throw new Error(`the WebGPU tests found no adapter and cannot run: ${e.message}`);
    }
    throw e;
  });
  return runtime;
}

/** float32 machine epsilon: the spacing of floats in [1, 2). */
export const EPS32 = 2 ** -23;

/** The spacing of float32 values around |v| (one ulp); subnormal spacing near zero. */
export function ulp(v: number): number {
  const a = Math.abs(Math.fround(v));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

export interface Diff {
  /** Largest |a - b| / ulp(b) over elements. */
  ulps: number;
  /** Largest |a - b| / (ε·max|b|): the error relative to the tensor's scale. */
  normUlps: number;
  worst: { index: number; got: number; want: number };
}

/** How far `got` is from `want`; NaN must meet NaN, infinities must match exactly. */
export function diff(got: ArrayLike<number>, want: ArrayLike<number>): Diff {
  if (got.length !== want.length) throw new Error(`length ${got.length} vs ${want.length}`);
  let scale = 0;
  for (let i = 0; i < want.length; i++)
    if (Number.isFinite(want[i])) scale = Math.max(scale, Math.abs(want[i]));
  const r: Diff = { ulps: 0, normUlps: 0, worst: { index: -1, got: 0, want: 0 } };
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    let u: number;
    let n: number;
    if (Number.isNaN(w) || Number.isNaN(g) || !Number.isFinite(w) || !Number.isFinite(g)) {
      u = n =
        Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)) || g === w ? 0 : Number.POSITIVE_INFINITY;
    } else {
      const e = Math.abs(g - w);
      u = e / ulp(w);
      n = e === 0 ? 0 : e / (EPS32 * Math.max(scale, 2 ** -126));
    }
    if (u > r.ulps || n > r.normUlps) r.worst = { index: i, got: g, want: w };
    r.ulps = Math.max(r.ulps, u);
    r.normUlps = Math.max(r.normUlps, n);
  }
  return r;
}
