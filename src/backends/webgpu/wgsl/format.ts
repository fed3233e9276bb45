// Small helpers every WGSL generator uses: exact f32 literals, index arithmetic for static
// shapes, and the 1-D dispatch geometry. Shapes are fixed when a program is planned, so they
// are baked into the WGSL as constants; anything that changes per step lives in buffers.

import { broadcastStrides, type Shape, stridesOf } from "../../../ir/shape";

/** Threads per workgroup for element-parallel kernels. */
export const WG = 64;
/** The spec's guaranteed maximum workgroups per dimension. */
export const MAX_GROUPS = 65535;

/**
 * An f32 literal that reads back as exactly `Math.fround(v)`. Non-finite values cannot be
 * WGSL constants (the front end rejects them), so they come from a private variable's bits,
 * which the compiler does not constant-fold.
 */
export function f32(v: number): string {
  const x = Math.fround(v);
  if (Number.isNaN(x)) return "nonfinite(0x7fc00000u)";
  if (x === Number.POSITIVE_INFINITY) return "nonfinite(0x7f800000u)";
  if (x === Number.NEGATIVE_INFINITY) return "nonfinite(0xff800000u)";
  if (Object.is(x, -0)) return "-0.0f";
  let s = String(x);
  if (!/[.e]/.test(s)) s += ".0";
  return `${s}f`;
}

/** Needed by kernels that use `f32(±Infinity | NaN)`. */
export const NONFINITE_WGSL = `var<private> nonfinite_bits: u32 = 0u;
fn nonfinite(bits: u32) -> f32 { return bitcast<f32>(bits | nonfinite_bits); }`;

export function usesNonfinite(code: string): boolean {
  return code.includes("nonfinite(");
}

export function u32(v: number): string {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`not a u32: ${v}`);
  return `${v}u`;
}

// Row-major layout facts are shared with every backend; they live beside the shape rules.
export { broadcastStrides, stridesOf };

/**
 * WGSL that declares `c{axis}` (the coordinate of flat index `flat` along each axis of
 * `shape`) for the axes in `need`; axes of size 1 are 0 and cost nothing.
 */
export function coords(flat: string, shape: Shape, need: Iterable<number>, prefix = "c"): string {
  const st = stridesOf(shape);
  const lines: string[] = [];
  for (const ax of new Set(need)) {
    if (shape[ax] === 1) lines.push(`let ${prefix}${ax} = 0u;`);
    else if (ax === 0) lines.push(`let ${prefix}${ax} = ${flat} / ${u32(st[ax])};`);
    else if (st[ax] === 1) lines.push(`let ${prefix}${ax} = ${flat} % ${u32(shape[ax])};`);
    else lines.push(`let ${prefix}${ax} = (${flat} / ${u32(st[ax])}) % ${u32(shape[ax])};`);
  }
  return lines.join("\n  ");
}

/** `Σ c{axis}·stride` over the axes with a non-zero stride; "0u" when all are zero. */
export function offsetExpr(strides: number[], base = 0, prefix = "c"): string {
  const terms = strides.flatMap((s, ax) =>
    s === 0 ? [] : [s === 1 ? `${prefix}${ax}` : `${prefix}${ax} * ${u32(s)}`],
  );
  if (base) terms.unshift(u32(base));
  return terms.length ? terms.join(" + ") : "0u";
}

/** Axes an offset expression reads. */
export function usedAxes(strides: number[]): number[] {
  return strides.flatMap((s, ax) => (s === 0 ? [] : [ax]));
}

export interface Grid {
  /** dispatchWorkgroups(x, y, z) */
  groups: [number, number, number];
  /** WGSL computing the flat thread index `i` from `gid`, with the bounds check. */
  prologue: string;
}

/**
 * A 1-D launch of `n` threads in workgroups of WG, folded into 2-D when it needs more than
 * MAX_GROUPS workgroups.
 */
export function grid1d(n: number, wg = WG): Grid {
  const groups = Math.max(1, Math.ceil(n / wg));
  const gx = Math.min(groups, MAX_GROUPS);
  const gy = Math.ceil(groups / gx);
  const index = gy > 1 ? `gid.x + gid.y * ${u32(gx * wg)}` : "gid.x";
  return {
    groups: [gx, gy, 1],
    prologue: `let i = ${index};\n  if (i >= ${u32(n)}) { return; }`,
  };
}

/** The name of output k: `out`, `out1`, `out2`, … */
export const outName = (k: number): string => (k === 0 ? "out" : `out${k}`);

/**
 * Bindings: inputs read-only at 0..n-1, the outputs read_write after them, then the frame
 * uniform. The order matches PipelineCache.layout.
 */
export function bindings(
  inputs: number,
  opts: { frame?: number; writes?: number; dims?: number } = {},
): string {
  const lines: string[] = [];
  for (let k = 0; k < inputs; k++)
    lines.push(`@group(0) @binding(${k}) var<storage, read> in${k}: array<f32>;`);
  const writes = opts.writes ?? 1;
  for (let k = 0; k < writes; k++) {
    lines.push(`@group(0) @binding(${inputs + k}) var<storage, read_write> ${outName(k)}: array<f32>;`);
  }
  if (opts.frame !== undefined) lines.push(frameDecl(opts.frame, inputs + writes));
  if (opts.dims !== undefined)
    lines.push(dimsDecl(opts.dims, inputs + writes + (opts.frame !== undefined ? 1 : 0)));
  return lines.join("\n");
}

/**
 * The frame uniform: the run's seed and step, then the per-run scalars four to a vec4
 * (uniform arrays have a 16-byte stride). Only the slots a kernel reads are declared, so
 * equal kernels stay equal text; the buffer bound is the program's whole frame.
 */
export function frameDecl(slots: number, binding: number): string {
  const s = slots ? `, s: array<vec4<f32>, ${Math.ceil(slots / 4)}>` : "";
  return `struct Frame { seed: u32, step: u32, pad0: u32, pad1: u32${s} }
@group(0) @binding(${binding}) var<uniform> frame: Frame;`;
}

/** Bytes of a frame with `slots` scalars. */
export function frameBytes(slots: number): number {
  return 16 + 16 * Math.ceil(slots / 4);
}

/**
 * A frame's bytes for one run: seed and step, then each scalar input at its slot (every
 * program path lays the frame out this way; `slots` names each input's slot).
 */
export function frameImage(
  bytes: number,
  slots: Iterable<readonly [string, number]>,
  scalars: Record<string, ArrayLike<number>>,
  seed: number,
  step: number,
): ArrayBuffer {
  const out = new ArrayBuffer(bytes);
  const head = new Uint32Array(out, 0, 2);
  head[0] = seed >>> 0;
  head[1] = step >>> 0;
  const vals = new Float32Array(out, 16);
  for (const [name, slot] of slots) {
    const v = scalars[name];
    if (v?.length !== 1) throw new Error(`no scalar fed for input "${name}"`);
    vals[slot] = v[0];
  }
  return out;
}

/** The values as a Float32Array over a plain ArrayBuffer (what writeBuffer takes), copying only if needed. */
export function toF32(data: ArrayLike<number>): Float32Array<ArrayBuffer> {
  if (data instanceof Float32Array && data.buffer instanceof ArrayBuffer)
    return data as Float32Array<ArrayBuffer>;
  return Float32Array.from(data);
}

export const ENTRY = `@compute @workgroup_size(${WG})\nfn main(@builtin(global_invocation_id) gid: vec3u)`;

/**
 * A shape-generic kernel's `dims` uniform: `count` u32s, four to a vec4 (uniform arrays
 * have a 16-byte stride), bound after the outputs and the frame (PipelineCache.layout).
 */
export function dimsDecl(count: number, binding: number): string {
  return `struct Dims { d: array<vec4<u32>, ${Math.max(1, Math.ceil(count / 4))}> }
@group(0) @binding(${binding}) var<uniform> dims: Dims;`;
}

/** WGSL reading u32 number j of the `dims` uniform. */
export const dim = (j: number): string => `dims.d[${j >> 2}].${"xyzw"[j & 3]}`;

/** Bytes of a `dims` uniform holding `count` u32s. */
export const dimsBytes = (count: number): number => 16 * Math.max(1, Math.ceil(count / 4));
