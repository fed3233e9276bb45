/**
 * A small seeded PRNG (sfc32, seeded through splitmix32).
 *
 * Why our own: `Math.random` cannot be seeded, and the design requires "same graph, same
 * seed, same numbers". The integer stream and `uniform()` use only 32-bit integer ops
 * (`Math.imul`, shifts), so they are bit-identical on every JS engine and platform.
 * `normal()` also calls `Math.log`/`Math.cos`/`Math.sqrt`; V8 (Chrome, Node, Workers)
 * implements those with the same fdlibm port everywhere, so it is reproducible there too.
 */

export interface Rng {
  /** Next raw 32-bit unsigned integer. */
  nextU32(): number;
  /** Uniform in [lo, hi), by default [0, 1). */
  uniform(lo?: number, hi?: number): number;
  /** Gaussian with the given mean and standard deviation (Box–Muller). */
  normal(mean?: number, std?: number): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Fisher–Yates shuffle in place; returns the same array for chaining. */
  shuffle<A extends { length: number; [index: number]: unknown }>(array: A): A;
}

/** splitmix32: spreads a possibly tiny seed (0, 1, 2...) over all 32 bits. */
function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const TWO_POW_32 = 4294967296;

/** Creates a generator; the seed is truncated to a 32-bit integer. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`random seed must be a finite number, got ${seed}`);
  const mix = splitmix32(Math.trunc(seed) >>> 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();

  function nextU32(): number {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  // Warm up so that nearby seeds diverge immediately (recommended for sfc32).
  for (let i = 0; i < 12; i++) nextU32();

  function uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * (nextU32() / TWO_POW_32);
  }

  function normal(mean = 0, std = 1): number {
    // 1 - u keeps the log argument in (0, 1]; no cached spare, so every call consumes
    // exactly two draws and the stream position is easy to reason about.
    const u1 = 1 - nextU32() / TWO_POW_32;
    const u2 = nextU32() / TWO_POW_32;
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  function int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new Error(`rng.int(n) needs an integer 1 <= n <= 2^32, got ${n}`);
    }
    return Math.floor((nextU32() / TWO_POW_32) * n);
  }

  function shuffle<A extends { length: number; [index: number]: unknown }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  return { nextU32, uniform, normal, int, shuffle };
}
