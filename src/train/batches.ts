import { createRng, type Rng } from "../data/random";
import type { Dataset } from "../data/types";

/**
 * Mini-batches from a dataset's training split: shuffled once per epoch with a seeded
 * generator, so a run is repeatable; a batch larger than the split wraps into the next epoch.
 */
export class BatchSampler {
  private order: Uint32Array;
  private at = 0;
  private readonly rng: Rng;
  epoch = 0;

  constructor(
    readonly ds: Dataset,
    seed: number,
  ) {
    this.rng = createRng(seed ^ 0x9e3779b9);
    this.order = Uint32Array.from(ds.split.train);
    this.reshuffle();
  }

  private reshuffle() {
    this.rng.shuffle(this.order);
    this.at = 0;
  }

  nextIndices(batch: number): Uint32Array {
    if (this.order.length === 0) throw new Error(`dataset "${this.ds.name}" has an empty training split`);
    const out = new Uint32Array(batch);
    for (let i = 0; i < batch; i++) {
      if (this.at >= this.order.length) {
        this.epoch++;
        this.reshuffle();
      }
      out[i] = this.order[this.at++];
    }
    return out;
  }
}

/** Gather rows of x and y for the given sample indices. */
export function gatherRows(ds: Dataset, idx: ArrayLike<number>): { x: Float32Array; y: Float32Array } {
  const xs = ds.xShape.reduce((p, d) => p * d, 1);
  const ys = ds.yShape.reduce((p, d) => p * d, 1);
  const x = new Float32Array(idx.length * xs);
  const y = new Float32Array(idx.length * ys);
  for (let i = 0; i < idx.length; i++) {
    const s = idx[i];
    x.set(ds.x.subarray(s * xs, (s + 1) * xs), i * xs);
    y.set(ds.y.subarray(s * ys, (s + 1) * ys), i * ys);
  }
  return { x, y };
}
