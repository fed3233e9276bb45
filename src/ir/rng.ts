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

// ---- Epoch permutations for mini-batch sampling ---------------------------------------------
// Sample j of epoch e is perm_{key,e}(j), a bijection of [0, n) computed from the counters
// alone, so the CPU and a WGSL kernel (src/backends/webgpu/wgsl/sampler.ts) draw the same
// batch for a step without sharing any generator state.

/** Rounds of the Feistel network: six (three per half) mix every output bit into every input bit. */
export const PERM_ROUNDS = 6;

/** The key of a sampler's stream, from its 32-bit seed. */
export function samplerKey(seed: number): number {
  return pcgHash((Math.trunc(seed) ^ 0x9e3779b9) >>> 0);
}

/** Bits of the Feistel domain 2^bits ⊇ [0, n): at least 2, so both halves are non-empty. */
export function permBits(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31)
    throw new RangeError(`permutation size ${n} outside [1, 2^31]`);
  let b = 2;
  while (2 ** b < n) b++;
  return b;
}

/**
 * perm_{key,epoch}(j): an unbalanced Feistel network on `bits` bits (high half `hi`, low half
 * `lo`; even rounds xor the high half with a hash of the low one, odd rounds the reverse, each
 * round invertible) followed by cycle walking: values ≥ n are permuted again until they land
 * in [0, n). The domain is < 2n, so fewer than two walks are expected.
 */
export function permuteIndex(key: number, epoch: number, n: number, j: number): number {
  const bits = permBits(n);
  const lo = bits >>> 1;
  const hi = bits - lo;
  const loMask = (1 << lo) - 1;
  const hiMask = (1 << hi) - 1;
  const ek = pcgHash((key ^ pcgHash(epoch >>> 0)) >>> 0);
  const rk: number[] = [];
  for (let r = 0; r < PERM_ROUNDS; r++) rk.push(pcgHash((ek + r) >>> 0));
  let x = j >>> 0;
  do {
    let l = x >>> lo;
    let rr = x & loMask;
    for (let r = 0; r < PERM_ROUNDS; r++) {
      if (r % 2 === 0) l = (l ^ pcgHash((rr ^ rk[r]) >>> 0)) & hiMask;
      else rr = (rr ^ pcgHash((l ^ rk[r]) >>> 0)) & loMask;
    }
    x = ((l << lo) | rr) >>> 0;
  } while (x >= n);
  return x;
}
