// Tensor summaries on the device, in four small dispatches and no workgroup barriers (each
// costs ~75 µs per workgroup on SwiftShader): T threads each scan a contiguous chunk, one
// thread folds the T partial results. Two passes over the data: the first gives count, sum,
// min and max (and writes the strided sample), the second — with min, max and the mean now
// known — the histogram over [min, max] and the sum of squared deviations (a two-pass
// variance, which does not cancel catastrophically the way Σx² − n·mean² does).

import { ENTRY, f32, u32 } from "./format";
import { shader } from "./shader";

/** Histogram bins of every probe. */
export const PROBE_BINS = 32;
/** The most values a probe's sample holds. */
export const PROBE_SAMPLE = 1024;
/** Result layout: mean, std, min, max, finite count, non-finite count, 2 spare, bins, sample. */
export const RESULT_HEAD = 8;

export interface ProbeGeometry {
  n: number;
  /** Threads of the chunked passes (a multiple of 64) and elements per thread. */
  threads: number;
  chunk: number;
  /** The sample is x[k·stride] for k < sample. */
  stride: number;
  sample: number;
}

export function probeGeometry(n: number): ProbeGeometry {
  const threads = 64 * Math.max(1, Math.ceil(Math.min(256, n) / 64));
  const stride = Math.max(1, Math.ceil(n / PROBE_SAMPLE));
  return { n, threads, chunk: Math.max(1, Math.ceil(n / threads)), stride, sample: Math.ceil(n / stride) };
}

export const resultFloats = (g: ProbeGeometry): number => RESULT_HEAD + PROBE_BINS + g.sample;

const FINITE = `fn is_finite(v: f32) -> bool { return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u; }`;

const read = (b: number, name: string, t = "f32") =>
  `@group(0) @binding(${b}) var<storage, read> ${name}: array<${t}>;`;
const write = (b: number, name: string) =>
  `@group(0) @binding(${b}) var<storage, read_write> ${name}: array<f32>;`;

function chunkLoop(g: ProbeGeometry, body: string): string {
  return `let t = gid.x;
  if (t >= ${u32(g.threads)}) { return; }
  let first = t * ${u32(g.chunk)};
  let last = min(${u32(g.n)}, first + ${u32(g.chunk)});
  for (var i = first; i < last; i++) {
    let v = x[i];
    ${body}
  }`;
}

/** Pass 1 (x → part[T·5], res.sample): count, sum, min, max, non-finite per chunk. */
export function statsKernel(g: ProbeGeometry): string {
  const decls = [read(0, "x"), write(1, "part"), write(2, "res"), FINITE].join("\n");
  const body = `${ENTRY} {
  var cnt = 0u;
  var bad = 0u;
  var sum = 0.0f;
  var lo = ${f32(Number.POSITIVE_INFINITY)};
  var hi = ${f32(Number.NEGATIVE_INFINITY)};
  ${chunkLoop(g, "if (is_finite(v)) { cnt++; sum += v; lo = min(lo, v); hi = max(hi, v); } else { bad++; }")}
  part[t * 5u] = f32(cnt);
  part[t * 5u + 1u] = sum;
  part[t * 5u + 2u] = lo;
  part[t * 5u + 3u] = hi;
  part[t * 5u + 4u] = f32(bad);
  for (var k = t; k < ${u32(g.sample)}; k += ${u32(g.threads)}) {
    res[${u32(RESULT_HEAD + PROBE_BINS)} + k] = x[k * ${u32(g.stride)}];
  }
}`;
  return shader(decls, body);
}

/** Pass 2 (one thread, part → res head): mean, min, max, counts; NaN when nothing is finite. */
export function statsReduceKernel(g: ProbeGeometry): string {
  const decls = [read(0, "part"), write(1, "res")].join("\n");
  const body = `${ENTRY} {
  if (gid.x != 0u) { return; }
  var cnt = 0u;
  var bad = 0u;
  var sum = 0.0f;
  var lo = ${f32(Number.POSITIVE_INFINITY)};
  var hi = ${f32(Number.NEGATIVE_INFINITY)};
  for (var t = 0u; t < ${u32(g.threads)}; t++) {
    cnt += u32(part[t * 5u]);
    sum += part[t * 5u + 1u];
    lo = min(lo, part[t * 5u + 2u]);
    hi = max(hi, part[t * 5u + 3u]);
    bad += u32(part[t * 5u + 4u]);
  }
  if (cnt == 0u) {
    res[0] = ${f32(Number.NaN)}; res[2] = ${f32(Number.NaN)}; res[3] = ${f32(Number.NaN)};
  } else {
    res[0] = sum / f32(cnt); res[2] = lo; res[3] = hi;
  }
  res[4] = f32(cnt);
  res[5] = f32(bad);
}`;
  return shader(decls, body);
}

/** Pass 3 (x, res head → part2[T·(BINS+1)]): per-chunk histogram and Σ(v − mean)². */
export function histKernel(g: ProbeGeometry): string {
  const decls = [read(0, "x"), read(1, "res"), write(2, "part2"), FINITE].join("\n");
  const body = `${ENTRY} {
  let mean = res[0];
  let lo = res[2];
  let hi = res[3];
  let scale = select(0.0f, ${f32(PROBE_BINS)} / (hi - lo), hi > lo);
  var h: array<u32, ${PROBE_BINS}>;
  var ss = 0.0f;
  ${chunkLoop(g, `if (is_finite(v)) { let d = v - mean; ss += d * d; h[min(${u32(PROBE_BINS - 1)}, u32((v - lo) * scale))]++; }`)}
  for (var b = 0u; b < ${u32(PROBE_BINS)}; b++) { part2[t * ${u32(PROBE_BINS + 1)} + b] = f32(h[b]); }
  part2[t * ${u32(PROBE_BINS + 1)} + ${u32(PROBE_BINS)}] = ss;
}`;
  return shader(decls, body);
}

/** Pass 4 (one thread, part2 → res): the histogram and the population standard deviation. */
export function histReduceKernel(g: ProbeGeometry): string {
  const decls = [read(0, "part2"), write(1, "res")].join("\n");
  const body = `${ENTRY} {
  if (gid.x != 0u) { return; }
  var ss = 0.0f;
  for (var b = 0u; b <= ${u32(PROBE_BINS)}; b++) {
    var s = 0.0f;
    for (var t = 0u; t < ${u32(g.threads)}; t++) { s += part2[t * ${u32(PROBE_BINS + 1)} + b]; }
    if (b < ${u32(PROBE_BINS)}) { res[${u32(RESULT_HEAD)} + b] = s; } else { ss = s; }
  }
  let cnt = res[4];
  res[1] = select(${f32(Number.NaN)}, sqrt(ss / cnt), cnt > 0.0f);
}`;
  return shader(decls, body);
}
