// Counter-based random numbers: every value is a pure function of (seed, step, key, index),
// written with 32-bit integer ops only, so a WGSL kernel can reproduce it bit for bit and
// no generator state has to be carried between steps or backends.

/** PCG output permutation used as a hash (Jarzynski & Olano, "Hash Functions for GPU Rendering"). */
export function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The per-op stream: mixes the run seed, the step counter and the op's key. */
export function streamBase(seed: number, step: number, key: number): number {
  return pcgHash((key ^ pcgHash((step ^ pcgHash(seed >>> 0)) >>> 0)) >>> 0);
}

/** Uniform in [0, 1) with 24 random bits (exact in float32). */
export function uniformAt(base: number, index: number): number {
  return (pcgHash((index ^ base) >>> 0) >>> 8) / 16777216;
}

/** Standard normal by Box–Muller from two uniforms of the stream. */
export function normalAt(base: number, index: number): number {
  const u1 = 1 - uniformAt(base, 2 * index); // (0, 1]: log is finite
  const u2 = uniformAt(base, 2 * index + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A small seeded sequential generator for weight initialisation (host side only). */
export class SeededRandom {
  private counter = 0;
  private readonly base: number;
  constructor(seed: number, stream = 0) {
    this.base = streamBase(seed, 0x5eed, stream);
  }
  uniform(): number {
    return uniformAt(this.base, this.counter++);
  }
  normal(): number {
    const v = normalAt(this.base, this.counter);
    this.counter += 1;
    return v;
  }
}

/** Stable 32-bit hash of a string (FNV-1a), to derive per-parameter init streams from names. */
export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
