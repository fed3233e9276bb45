import { executeCpu } from "../backends/cpu/executor";
import { analyze } from "../compile/analyze";
import { CompileError } from "../compile/problems";
import { buildEvalProgram, buildTrainProgram, type Program } from "../compile/program";
import { initVariables, type VariableStore } from "../compile/variables";
import type { Dataset } from "../data/types";
import type { GraphDoc } from "../graph/doc";
import {
  type DatasetLoader,
  EvalAccumulator,
  type EvalResult,
  metricName,
  SessionData,
} from "./session-data";

export type { DatasetLoader, EvalResult } from "./session-data";

export interface StepLog {
  step: number;
  loss: number;
  /** Metric values by name ("accuracy"), averaged over the steps since the last log. */
  metrics: Record<string, number>;
}

/**
 * A training run of one graph on the CPU executor: owns the compiled step, the weights and
 * optimiser state, and the batch samplers. The UI worker, the CLI and the tests drive it.
 * (GpuTrainSession is the same run on WebGPU, with the same batches.)
 */
export class TrainSession {
  readonly program: Program;
  readonly variables: VariableStore;
  readonly datasets: Map<string, Dataset>;
  private readonly data: SessionData;
  private readonly evalPrograms = new Map<number, Program>();
  readonly seed: number;
  readonly batch: number;
  step = 0;

  constructor(
    readonly doc: GraphDoc,
    loadDataset: DatasetLoader,
    /** startStep: the step count to go on from (a recompiled run keeps counting). */
    opts: { seed?: number; batch?: number; previous?: VariableStore; startStep?: number } = {},
  ) {
    this.step = opts.startStep ?? 0;
    this.seed = opts.seed ?? doc.training?.seed ?? 0;
    this.batch = opts.batch ?? doc.training?.batch_size ?? 32;
    const a = analyze(doc);
    if (a.problems.length) throw new CompileError(a.problems);
    this.program = buildTrainProgram(doc, this.batch, a);
    const { values, problems } = initVariables(this.program, doc, this.seed, opts.previous);
    if (problems.length) throw new CompileError(problems);
    this.variables = values;
    this.data = new SessionData(doc, a, this.program, loadDataset, this.seed);
    this.datasets = this.data.datasets;
  }

  /** Change a run-time hyperparameter (e.g. "adam1.lr") without recompiling or losing state. */
  setHyper(name: string, value: number): void {
    const h = this.program.hyper.get(name);
    if (!h) throw new Error(`no hyperparameter "${name}"`);
    h.value = value;
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
    const feeds = this.data.feeds(p, this.data.rowsAt(this.step, this.batch), this.step);
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

  /**
   * Values of train-program ids recomputed on (0-based) step `step`'s mini-batch with the
   * current weights, without updating anything: what a probe of the latest step reads.
   */
  recompute(ids: number[], step = Math.max(0, this.step - 1)): Float32Array[] {
    const feeds = this.data.feeds(this.program, this.data.rowsAt(step, this.batch), step);
    return executeCpu(this.program.nodes, ids, {
      dtype: "f32",
      feeds,
      variables: Object.fromEntries(this.variables),
      seed: this.seed,
      step,
    }) as Float32Array[];
  }

  private evalProgram(batch: number): Program {
    let p = this.evalPrograms.get(batch);
    if (!p) {
      p = buildEvalProgram(this.doc, batch, undefined, this.batch);
      this.evalPrograms.set(batch, p);
    }
    return p;
  }

  /** Loss and metrics on a split, in eval mode, over all of its samples. */
  evaluate(split: "train" | "test", chunk = 500): EvalResult {
    const acc = new EvalAccumulator();
    for (const { node, rows } of this.data.evalChunks(split, chunk)) {
      const p = this.evalProgram(rows.length);
      const feeds = this.data.feeds(p, new Map([[node, rows]]), this.step);
      const metricIds = [...p.metrics];
      const vals = this.run(p, [p.loss!, ...metricIds.map(([, id]) => id)], feeds);
      acc.add(
        rows.length,
        vals[0][0],
        metricIds.map(([name], i) => [name, vals[1 + i][0]]),
      );
    }
    return acc.result();
  }
}
