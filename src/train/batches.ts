import type { Dataset } from "../data/types";
import { permuteIndex, samplerKey } from "../ir/rng";

/**
 * Mini-batches from a dataset's training split, every training sample once per epoch.
 * Stateless: position g of the sample stream is epoch ⌊g/n⌋, slot g mod n, and the sample
 * there is train[perm_{key,epoch}(slot)] (a counter-based permutation, src/ir/rng.ts). Step s
 * with batch B takes positions s·B … s·B+B−1, so a batch crossing an epoch boundary continues
 * in the next permutation. The WebGPU sampler kernel (wgsl/sampler.ts) computes the same
 * function on the device, which is what keeps CPU and GPU runs on identical batches.
 */
export class BatchSampler {
  readonly key: number;
  /** Stream position of the next nextIndices() call. */
  private at = 0;

  constructor(
    readonly ds: Dataset,
    seed: number,
  ) {
    this.key = samplerKey(seed);
  }

  /** The epoch nextIndices() is in. */
  get epoch(): number {
    const n = this.ds.split.train.length;
    return n ? Math.floor(this.at / n) : 0;
  }

  /** Sample indices at stream positions [from, from + count). */
  indicesFrom(from: number, count: number): Uint32Array {
    const train = this.ds.split.train;
    const n = train.length;
    if (n === 0) throw new Error(`dataset "${this.ds.name}" has an empty training split`);
    const out = new Uint32Array(count);
    let epoch = Math.floor(from / n);
    let slot = from - epoch * n;
    for (let i = 0; i < count; i++) {
      out[i] = train[permuteIndex(this.key, epoch, n, slot)];
      if (++slot === n) {
        slot = 0;
        epoch++;
      }
    }
    return out;
  }

  /** The batch of (0-based) step `step`: positions step·batch … step·batch + batch − 1. */
  indicesAt(step: number, batch: number): Uint32Array {
    return this.indicesFrom(step * batch, batch);
  }

  /** The next `batch` positions of the stream (a sequential reader's view). */
  nextIndices(batch: number): Uint32Array {
    const out = this.indicesFrom(this.at, batch);
    this.at += batch;
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
