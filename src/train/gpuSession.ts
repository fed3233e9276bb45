import { type GpuProgram, GpuRuntime, GpuVariables } from "../backends/webgpu/executor";
import { ReadbackRing } from "../backends/webgpu/readback";
import { analyze } from "../compile/analyze";
import { CompileError } from "../compile/problems";
import { buildEvalProgram, buildTrainProgram, type Program } from "../compile/program";
import { initVariables, type VariableStore } from "../compile/variables";
import type { Dataset } from "../data/types";
import type { GraphDoc } from "../graph/doc";
import type { StepLog } from "./session";
import {
  type DatasetLoader,
  EvalAccumulator,
  type EvalResult,
  metricName,
  SessionData,
} from "./session-data";

export interface GpuSessionOptions {
  seed?: number;
  batch?: number;
  previous?: VariableStore;
  /** A device already open (several sessions can share one and its pipeline cache). */
  runtime?: GpuRuntime;
  /** Elementwise fusion (default on). */
  fuse?: boolean;
  /** Steps whose records share one staging buffer, i.e. one mapAsync (default 16). */
  readbackRows?: number;
}

export interface GpuStepStats {
  /** Compute dispatches, buffer copies and submits per training step. */
  dispatches: number;
  copies: number;
  submits: number;
  /** Transient bytes after buffer reuse, against one buffer per value. */
  plannedBytes: number;
  naiveBytes: number;
  persistentBytes: number;
}

/**
 * TrainSession's run on WebGPU: the same program, the same initial weights, the same
 * mini-batches in the same order (SessionData), executed as one command buffer per step
 * with weights and optimiser state resident on the GPU.
 *
 * trainStep() queues a step and returns at once with a promise of its log; losses come
 * back through a ring of staging buffers a few steps late, and a step only waits when the
 * whole ring is still in flight. Calls are serialised internally, so a loop can call
 * trainStep() without awaiting each one.
 */
export class GpuTrainSession {
  readonly datasets: Map<string, Dataset>;
  step = 0;
  private tail: Promise<void> = Promise.resolve();
  private readonly evalPrograms = new Map<number, Promise<{ p: Program; gpu: GpuProgram }>>();
  private readonly ownsRuntime: boolean;

  private constructor(
    readonly doc: GraphDoc,
    readonly program: Program,
    /** Host copy of the variables: the initial values, refreshed by syncVariables(). */
    readonly variables: VariableStore,
    private readonly data: SessionData,
    readonly runtime: GpuRuntime,
    private readonly vars: GpuVariables,
    private readonly train: GpuProgram,
    private readonly ring: ReadbackRing,
    readonly seed: number,
    readonly batch: number,
    private readonly fuse: boolean,
    ownsRuntime: boolean,
  ) {
    this.datasets = data.datasets;
    this.ownsRuntime = ownsRuntime;
  }

  static async create(
    doc: GraphDoc,
    loadDataset: DatasetLoader,
    opts: GpuSessionOptions = {},
  ): Promise<GpuTrainSession> {
    const seed = opts.seed ?? doc.training?.seed ?? 0;
    const batch = opts.batch ?? doc.training?.batch_size ?? 32;
    const a = analyze(doc);
    if (a.problems.length) throw new CompileError(a.problems);
    const program = buildTrainProgram(doc, batch, a);
    const { values, problems } = initVariables(program, doc, seed, opts.previous);
    if (problems.length) throw new CompileError(problems);
    const data = new SessionData(doc, a, program, loadDataset, seed);
    const runtime = opts.runtime ?? (await GpuRuntime.create());
    const vars = new GpuVariables(runtime);
    for (const [name, v] of values) vars.set(name, v);
    const fuse = opts.fuse ?? true;
    const train = await runtime.compile({
      nodes: program.nodes,
      outputs: [program.loss!, ...program.metrics.values()],
      updates: program.updates,
      fuse,
      variables: vars,
    });
    const ring = new ReadbackRing(runtime.device, 4 * (1 + program.metrics.size), opts.readbackRows ?? 16);
    return new GpuTrainSession(
      doc,
      program,
      values,
      data,
      runtime,
      vars,
      train,
      ring,
      seed,
      batch,
      fuse,
      !opts.runtime,
    );
  }

  /** Change a run-time hyperparameter (e.g. "adam1.lr"): it is an input, so nothing recompiles. */
  setHyper(name: string, value: number): void {
    const h = this.program.hyper.get(name);
    if (!h) throw new Error(`no hyperparameter "${name}"`);
    h.value = value;
  }

  /** Queues one optimisation step on a fresh mini-batch; resolves with its log once read back. */
  trainStep(): Promise<StepLog> {
    const submitted = this.tail.then(() => this.submitStep());
    this.tail = submitted.then(() => undefined);
    return submitted.then((s) => s.log);
  }

  private async submitStep(): Promise<{ log: Promise<StepLog> }> {
    const row = await this.ring.reserve();
    const p = this.program;
    this.train.writeInputs(this.data.feeds(p, this.data.nextRows(this.batch), this.step));
    this.train.writeFrame(this.seed, this.step);
    const dev = this.runtime.device;
    const enc = dev.createCommandEncoder();
    this.train.encode(enc);
    const metricIds = [...p.metrics];
    [p.loss!, ...metricIds.map(([, id]) => id)].forEach((id, k) => {
      this.train.copyResult(enc, id, row.buffer, row.offset + 4 * k, 4);
    });
    dev.queue.submit([enc.finish()]);
    this.ring.committed();
    const step = ++this.step;
    const log = row.values.then((v) => {
      const metrics: Record<string, number> = {};
      metricIds.forEach(([name], k) => {
        metrics[metricName(name, metricIds.length)] = v[1 + k];
      });
      return { step, loss: v[0], metrics };
    });
    return { log };
  }

  /** Waits for every queued step to be submitted, and starts reading back their records. */
  async flush(): Promise<void> {
    await this.tail;
    this.ring.map();
  }

  private evalProgram(batch: number) {
    let e = this.evalPrograms.get(batch);
    if (!e) {
      const p = buildEvalProgram(this.doc, batch, undefined, this.batch);
      e = this.runtime
        .compile({
          nodes: p.nodes,
          outputs: [p.loss!, ...p.metrics.values()],
          fuse: this.fuse,
          variables: this.vars,
        })
        .then((gpu) => ({ p, gpu }));
      this.evalPrograms.set(batch, e);
    }
    return e;
  }

  /** Loss and metrics on a split, in eval mode, over all of its samples (after queued steps). */
  async evaluate(split: "train" | "test", chunk = 500): Promise<EvalResult> {
    await this.flush();
    const acc = new EvalAccumulator();
    for (const { node, rows } of this.data.evalChunks(split, chunk)) {
      const { p, gpu } = await this.evalProgram(rows.length);
      const metricIds = [...p.metrics];
      const ids = [p.loss!, ...metricIds.map(([, id]) => id)];
      const vals = await gpu.run(
        this.data.feeds(p, new Map([[node, rows]]), this.step),
        { seed: this.seed, step: this.step },
        ids,
      );
      acc.add(
        rows.length,
        vals[0][0],
        metricIds.map(([name], i) => [name, vals[1 + i][0]]),
      );
    }
    return acc.result();
  }

  /** Downloads the weights and optimiser state into `variables` (after queued steps). */
  async syncVariables(): Promise<VariableStore> {
    await this.flush();
    const shapes = new Map([...this.program.variables.values()].map((v) => [v.name, v.shape] as const));
    for (const [name, v] of await this.vars.read(shapes)) this.variables.set(name, v);
    return this.variables;
  }

  get stats(): GpuStepStats {
    const s = this.train.plan.stats;
    return {
      dispatches: this.train.dispatchCount,
      copies: this.train.copyCount + 1 + this.program.metrics.size,
      submits: 1,
      plannedBytes: s.plannedBytes,
      naiveBytes: s.naiveBytes,
      persistentBytes: s.persistentBytes,
    };
  }

  destroy(): void {
    this.train.destroy();
    this.ring.destroy();
    this.vars.destroy();
    for (const e of this.evalPrograms.values())
      e.then(
        ({ gpu }) => gpu.destroy(),
        () => undefined,
      );
    if (this.ownsRuntime) this.runtime.destroy();
  }
}
