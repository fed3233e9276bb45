// Seeded random data and weights. Throughput does not depend on the values, only on the
// shapes, so every library gets the same shapes and the same numbers from one generator.

import { paramShapes, sampleShape, type TrainSpec } from "./workloads";

/** mulberry32: a tiny seeded generator, enough for benchmark data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Batch {
  /** rows × prod(sample shape), row-major (NCHW for images). */
  x: Float32Array;
  /** Class indices (classification) or one target per row (regression). */
  y: Float32Array;
  /** One-hot labels, rows × classes (classification only). */
  onehot?: Float32Array;
  rows: number;
}

export function makeBatch(spec: TrainSpec, rows: number, seed = 1): Batch {
  const r = rng(seed);
  const { x: xs, classes } = sampleShape(spec.model);
  const per = xs.reduce((p, d) => p * d, 1);
  const x = Float32Array.from({ length: rows * per }, () => r() * 2 - 1);
  const y = new Float32Array(rows);
  let onehot: Float32Array | undefined;
  if (classes > 0) {
    onehot = new Float32Array(rows * classes);
    for (let i = 0; i < rows; i++) {
      y[i] = Math.floor(r() * classes);
      onehot[i * classes + y[i]] = 1;
    }
  } else {
    for (let i = 0; i < rows; i++) y[i] = r() * 2 - 1;
  }
  return { x, y, onehot, rows };
}

/** PyTorch's default init for Linear/Conv2d: U(−1/√fan_in, 1/√fan_in), weights and biases. */
export function makeParams(spec: TrainSpec, seed = 2): Map<string, { shape: number[]; data: Float32Array }> {
  const r = rng(seed);
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const p of paramShapes(spec.model)) {
    const bound = 1 / Math.sqrt(p.fanIn);
    const n = p.shape.reduce((a, d) => a * d, 1);
    out.set(p.name, { shape: p.shape, data: Float32Array.from({ length: n }, () => (r() * 2 - 1) * bound) });
  }
  return out;
}

/** [O, I, kh, kw] → [kh, kw, I, O] (TF.js's filter layout); [O, I] → [I, O] for matrices. */
export function toTfLayout(shape: number[], data: Float32Array): { shape: number[]; data: Float32Array } {
  if (shape.length === 2) {
    const [o, i] = shape;
    const t = new Float32Array(data.length);
    for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) t[b * o + a] = data[a * i + b];
    return { shape: [i, o], data: t };
  }
  if (shape.length === 4) {
    const [o, i, kh, kw] = shape;
    const t = new Float32Array(data.length);
    for (let a = 0; a < o; a++)
      for (let b = 0; b < i; b++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++)
            t[((y * kw + x) * i + b) * o + a] = data[((a * i + b) * kh + y) * kw + x];
    return { shape: [kh, kw, i, o], data: t };
  }
  return { shape, data };
}
