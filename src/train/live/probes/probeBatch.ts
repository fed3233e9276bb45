// The probe batch: a few training samples, the same ones for the whole run (chosen by the
// run's seed), so a node's picture changes only because the network learns, not because
// the samples changed under it.
import { createRng } from "../../../data/random";
import type { Dataset } from "../../../data/types";
import { gatherRows } from "../../batches";
import type { ProbeProgram } from "./probeProgram";

/** Sample indices of the probe batch: `batch` distinct training samples (repeated if the split is smaller). */
export function probeRows(ds: Dataset, batch: number, seed: number): Uint32Array {
  const train = ds.split.train.length ? ds.split.train : ds.split.test;
  const order = Uint32Array.from(train);
  createRng((seed ^ 0x70b3) >>> 0).shuffle(order);
  const rows = new Uint32Array(batch);
  for (let i = 0; i < batch; i++) rows[i] = order[i % order.length];
  return rows;
}

/**
 * Feeds for the probe program: each Dataset's rows; an Input (which training never feeds)
 * gets zeros, so its graph still shows shapes and weights.
 */
export function probeFeeds(
  p: ProbeProgram,
  datasets: Map<string, Dataset>,
  seed: number,
): Record<string, Float32Array> {
  const feeds: Record<string, Float32Array> = {};
  const rows = new Map<string, { x: Float32Array; y: Float32Array }>();
  for (const f of p.feeds.values()) {
    const ds = datasets.get(f.node);
    if (!ds) {
      feeds[f.name] = new Float32Array(f.shape.reduce((a, d) => a * d, 1));
      continue;
    }
    let r = rows.get(f.node);
    if (!r) {
      r = gatherRows(ds, probeRows(ds, p.batch, seed));
      rows.set(f.node, r);
    }
    feeds[f.name] = f.name.endsWith(".y") ? r.y : r.x;
  }
  return feeds;
}
