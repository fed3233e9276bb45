import { type DatasetParams, datasetArgs } from "../../nodes/Dataset";
import type { Analysis } from "../compile/analyze";
import { CompileError } from "../compile/problems";
import type { Program } from "../compile/program";
import type { Dataset } from "../data/types";
import type { GraphDoc } from "../graph/doc";
import { BatchSampler, gatherRows } from "./batches";

export type DatasetLoader = (name: string, args: Record<string, unknown>) => Dataset;

export interface EvalResult {
  loss?: number;
  metrics: Record<string, number>;
  samples: number;
}

/**
 * What every training session does the same way, whatever executes the step: load the
 * graph's datasets, draw seeded mini-batches, and turn rows, hyperparameters and the step
 * counter into the program's feeds. Sharing it keeps CPU and GPU runs on identical batches.
 */
export class SessionData {
  readonly datasets = new Map<string, Dataset>();
  private readonly samplers = new Map<string, BatchSampler>();

  constructor(doc: GraphDoc, a: Analysis, program: Program, loadDataset: DatasetLoader, seed: number) {
    for (const id of a.order) {
      const info = a.nodes.get(id)!;
      if (info.def.type !== "Dataset") continue;
      const p = info.params as unknown as DatasetParams;
      const ds = loadDataset(p.name, datasetArgs(p, doc.training?.test_fraction));
      this.datasets.set(id, ds);
      this.samplers.set(id, new BatchSampler(ds, seed + p.seed));
    }
    for (const f of program.feeds.values()) {
      if (!this.datasets.has(f.node)) {
        throw new CompileError([
          {
            node: f.node,
            message: "training needs data: wire a Dataset instead of an Input (or use grad with --inputs)",
          },
        ]);
      }
    }
  }

  /** The mini-batch of (0-based) step `step`: sample indices per Dataset node (stateless). */
  rowsAt(step: number, batch: number): Map<string, Uint32Array> {
    const rows = new Map<string, Uint32Array>();
    for (const [node, s] of this.samplers) rows.set(node, s.indicesAt(step, batch));
    return rows;
  }

  /** The sampler of each Dataset node (the GPU session runs the same ones on the device). */
  get samplerEntries(): [string, BatchSampler][] {
    return [...this.samplers];
  }

  /** Feeds for p: the rows' x and y, every hyperparameter, and the optimiser step (1-based). */
  feeds(p: Program, rows: Map<string, ArrayLike<number>>, step: number): Record<string, ArrayLike<number>> {
    const feeds: Record<string, ArrayLike<number>> = {};
    for (const [node, ds] of this.datasets) {
      const { x, y } = gatherRows(ds, rows.get(node)!);
      feeds[`${node}.x`] = x;
      feeds[`${node}.y`] = y;
    }
    return Object.assign(feeds, this.scalarFeeds(p, step));
  }

  /** Every hyperparameter of p, and the optimiser step (1-based) for (0-based) step `step`. */
  scalarFeeds(p: Program, step: number): Record<string, number[]> {
    const feeds: Record<string, number[]> = {};
    for (const h of p.hyper.values()) feeds[h.name] = [h.param === "step" ? step + 1 : h.value];
    return feeds;
  }

  /** Evaluation covers a split in chunks of at most `chunk` samples: node and indices of each. */
  evalChunks(split: "train" | "test", chunk: number): { node: string; rows: Uint32Array }[] {
    if (this.datasets.size === 0) return [];
    if (this.datasets.size > 1) throw new Error("evaluation with several datasets is not supported");
    const [node, ds] = [...this.datasets][0];
    const idx = ds.split[split];
    const out: { node: string; rows: Uint32Array }[] = [];
    for (let at = 0; at < idx.length; at += chunk)
      out.push({ node, rows: idx.subarray(at, Math.min(idx.length, at + chunk)) });
    return out;
  }
}

/** Sums per-chunk loss and metrics weighted by chunk size, and averages them at the end. */
export class EvalAccumulator {
  private lossSum = 0;
  private readonly sums: Record<string, number> = {};
  private n = 0;

  add(samples: number, loss: number, metrics: [string, number][]): void {
    this.n += samples;
    this.lossSum += loss * samples;
    for (const [name, v] of metrics) {
      const k = metricName(name, metrics.length);
      this.sums[k] = (this.sums[k] ?? 0) + v * samples;
    }
  }

  result(): EvalResult {
    if (this.n === 0) return { metrics: {}, samples: 0 };
    return {
      loss: this.lossSum / this.n,
      metrics: Object.fromEntries(Object.entries(this.sums).map(([k, v]) => [k, v / this.n])),
      samples: this.n,
    };
  }
}

/** "ce.accuracy" reads as "accuracy" when the graph has a single metric source. */
export function metricName(full: string, count: number): string {
  return count === 1 ? full.slice(full.lastIndexOf(".") + 1) : full;
}
