import { type DatasetParams, datasetArgs } from "../../nodes/Dataset";
import { executeCpu } from "../backends/cpu/executor";
import { analyze } from "../compile/analyze";
import { CompileError } from "../compile/problems";
import { buildEvalProgram, buildTrainProgram, type Program } from "../compile/program";
import { initVariables, type VariableStore } from "../compile/variables";
import type { Dataset } from "../data/types";
import type { GraphDoc } from "../graph/doc";
import { BatchSampler, gatherRows } from "./batches";

export type DatasetLoader = (name: string, args: Record<string, unknown>) => Dataset;

export interface StepLog {
  step: number;
  loss: number;
  /** Metric values by name ("accuracy"), averaged over the steps since the last log. */
  metrics: Record<string, number>;
}

export interface EvalResult {
  loss?: number;
  metrics: Record<string, number>;
  samples: number;
}

/**
 * A training run of one graph on the CPU executor: owns the compiled step, the weights and
 * optimiser state, and the batch samplers. The UI worker, the CLI and the tests drive it.
 */
export class TrainSession {
  readonly program: Program;
  readonly variables: VariableStore;
  readonly datasets = new Map<string, Dataset>();
  private readonly samplers = new Map<string, BatchSampler>();
  private readonly evalPrograms = new Map<number, Program>();
  readonly seed: number;
  readonly batch: number;
  step = 0;

  constructor(
    readonly doc: GraphDoc,
    loadDataset: DatasetLoader,
    opts: { seed?: number; batch?: number; previous?: VariableStore; step?: number } = {},
  ) {
    this.seed = opts.seed ?? doc.training?.seed ?? 0;
    this.batch = opts.batch ?? doc.training?.batch_size ?? 32;
    // Carried-over optimiser state must keep its step count, or Adam's bias correction restarts.
    this.step = opts.step ?? 0;
    const a = analyze(doc);
    if (a.problems.length) throw new CompileError(a.problems);
    this.program = buildTrainProgram(doc, this.batch, a);
    const { values, problems } = initVariables(this.program, doc, this.seed, opts.previous);
    if (problems.length) throw new CompileError(problems);
    this.variables = values;
    for (const id of a.order) {
      const info = a.nodes.get(id)!;
      if (info.def.type !== "Dataset") continue;
      const p = info.params as unknown as DatasetParams;
      const ds = loadDataset(p.name, datasetArgs(p, doc.training?.test_fraction));
      this.datasets.set(id, ds);
      this.samplers.set(id, new BatchSampler(ds, this.seed + p.seed));
    }
    for (const f of this.program.feeds.values()) {
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

  /** Change a run-time hyperparameter (e.g. "adam1.lr") without recompiling or losing state. */
  setHyper(name: string, value: number): void {
    const h = this.program.hyper.get(name);
    if (!h) throw new Error(`no hyperparameter "${name}"`);
    h.value = value;
  }

  private feedsFor(p: Program, rows: Map<string, ArrayLike<number>>): Record<string, ArrayLike<number>> {
    const feeds: Record<string, ArrayLike<number>> = {};
    for (const [node, ds] of this.datasets) {
      const { x, y } = gatherRows(ds, rows.get(node)!);
      feeds[`${node}.x`] = x;
      feeds[`${node}.y`] = y;
    }
    for (const h of p.hyper.values()) feeds[h.name] = [h.param === "step" ? this.step + 1 : h.value];
    return feeds;
  }

  private run(p: Program, ids: number[], feeds: Record<string, ArrayLike<number>>) {
    return executeCpu(p.nodes, ids, {
      dtype: "f32",
      feeds,
      variables: Object.fromEntries(this.variables),
      seed: this.seed,
      step: this.step,
    });
  }

  /** One optimisation step on a fresh mini-batch. */
  trainStep(): StepLog {
    const p = this.program;
    const rows = new Map<string, Uint32Array>();
    for (const [node, s] of this.samplers) rows.set(node, s.nextIndices(this.batch));
    const feeds = this.feedsFor(p, rows);
    const updates = [...p.updates];
    const metricIds = [...p.metrics];
    const ids = [p.loss!, ...metricIds.map(([, id]) => id), ...updates.map(([, id]) => id)];
    const vals = this.run(p, ids, feeds);
    updates.forEach(([name], i) => {
      this.variables.set(name, Float32Array.from(vals[1 + metricIds.length + i]));
    });
    this.step++;
    const metrics: Record<string, number> = {};
    metricIds.forEach(([name], i) => {
      metrics[metricName(name, metricIds.length)] = vals[1 + i][0];
    });
    return { step: this.step, loss: vals[0][0], metrics };
  }

  private evalProgram(batch: number): Program {
    let p = this.evalPrograms.get(batch);
    if (!p) {
      p = buildEvalProgram(this.doc, batch);
      this.evalPrograms.set(batch, p);
    }
    return p;
  }

  /** Loss and metrics on a split, in eval mode, over all of its samples. */
  evaluate(split: "train" | "test", chunk = 500): EvalResult {
    const [first] = this.datasets.values();
    if (!first) return { metrics: {}, samples: 0 };
    if (this.datasets.size > 1) throw new Error("evaluation with several datasets is not supported");
    const [node, ds] = [...this.datasets][0];
    const idx = ds.split[split];
    let lossSum = 0;
    const sums: Record<string, number> = {};
    for (let at = 0; at < idx.length; at += chunk) {
      const part = idx.subarray(at, Math.min(idx.length, at + chunk));
      const p = this.evalProgram(part.length);
      const feeds = this.feedsFor(p, new Map([[node, part]]));
      const metricIds = [...p.metrics];
      const vals = this.run(p, [p.loss!, ...metricIds.map(([, id]) => id)], feeds);
      lossSum += vals[0][0] * part.length;
      metricIds.forEach(([name], i) => {
        const k = metricName(name, metricIds.length);
        sums[k] = (sums[k] ?? 0) + vals[1 + i][0] * part.length;
      });
    }
    const n = idx.length;
    if (n === 0) return { metrics: {}, samples: 0 };
    return {
      loss: lossSum / n,
      metrics: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / n])),
      samples: n,
    };
  }
}

/** "ce.accuracy" reads as "accuracy" when the graph has a single metric source. */
function metricName(full: string, count: number): string {
  return count === 1 ? full.slice(full.lastIndexOf(".") + 1) : full;
}
