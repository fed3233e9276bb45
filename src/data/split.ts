import type { Rng } from "./random.ts";

export interface Split {
  train: Uint32Array;
  test: Uint32Array;
}

/**
 * Seeded train/test split. With `labels` it is stratified (each class contributes
 * round(count * testFraction) to test) so small sets keep every class in both halves.
 * Index lists come back sorted, so the split reads like a mask and does not imply an
 * order; batching shuffles on its own.
 */
export function splitIndices(n: number, testFraction: number, rng: Rng, labels?: ArrayLike<number>): Split {
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new Error(`test_fraction must be in [0, 1), got ${testFraction}`);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = labels ? labels[i] : 0;
    let g = groups.get(key);
    if (!g) {
      g = [];
      groups.set(key, g);
    }
    g.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  // Visit groups in key order so the result does not depend on Map insertion order.
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(groups.get(key)!);
    const k = Math.round(members.length * testFraction);
    test.push(...members.slice(0, k));
    train.push(...members.slice(k));
  }
  return {
    train: Uint32Array.from(train).sort(),
    test: Uint32Array.from(test).sort(),
  };
}
