import { DeviceBatcher, ResidentDataset } from "../backends/webgpu/dataset";
import { type GpuProgram, GpuRuntime, GpuVariables, PlannedProgram } from "../backends/webgpu/executor";
import { type GpuFailure, watchDevice } from "../backends/webgpu/lost";
import { ProbeSet, type ProbeValue } from "../backends/webgpu/probe";
import { ReadbackRing, StagingBuffer } from "../backends/webgpu/readback";
import type { ExecutionPath } from "../backends/webgpu/single/choose";
import { analyze } from "../compile/analyze";
import { CompileError } from "../compile/problems";
import { buildEvalProgram, buildTrainProgram, type Program } from "../compile/program";
import { initVariables, type VariableStore } from "../compile/variables";
import type { Dataset } from "../data/types";
import type { GraphDoc } from "../graph/doc";
import { size } from "../ir/shape";
import type { StepLog } from "./session";
import {
  type DatasetLoader,
  EvalAccumulator,
  type EvalResult,
  metricName,
  SessionData,
} from "./session-data";

export type { GpuFailure } from "../backends/webgpu/lost";

export interface GpuSessionOptions {
  seed?: number;
  batch?: number;
  previous?: VariableStore;
  /**
   * The step count to go on from (default 0): a recompiled run keeps counting, and the
   * initial host snapshot is of this step, so a fallback replays from here, not from 0.
   */
  startStep?: number;
  /** A device already open (several sessions can share one and its pipeline cache). */
  runtime?: GpuRuntime;
  /** Elementwise fusion (default on). */
  fuse?: boolean;
  /** How the step program runs: planned dispatches, one whole-step kernel, or auto (executor.ts). */
  path?: ExecutionPath;
  /** Most steps encoded into one command buffer by trainSteps (default 64). */
  maxStepsPerSubmit?: number;
  /** Steps whose records share one staging buffer, i.e. one mapAsync (default 16, at least maxStepsPerSubmit). */
  readbackRows?: number;
  /**
   * Overlap the step program's pipeline compiles with the first step (default off): create()
   * returns once the program is planned and the first step's dispatches are submitted in
   * parts as their pipelines come in (executor.ts, `overlap`); a compile error then fails
   * the first step instead of create(). Measured on SwiftShader in Chromium (w2) it did not
   * shorten the time to the first finished step: the step's kernels and the compiles share
   * the same two cores there.
   */
  overlapCompile?: boolean;
  /** Host snapshot of the weights every this many steps or `snapshotMs`, whichever first (default 50, 1000). */
  snapshotSteps?: number;
  snapshotMs?: number;
}

export interface GpuStepStats {
  /** Compute dispatches, buffer copies and submits per training step (submits: with trainStep()). */
  dispatches: number;
  copies: number;
  submits: number;
  /** Of the dispatches, those that sample and gather the mini-batch on the device. */
  batchDispatches: number;
  /** Transient bytes after buffer reuse, against one buffer per value. */
  plannedBytes: number;
  naiveBytes: number;
  persistentBytes: number;
  /** Bytes of the datasets resident on the device. */
  datasetBytes: number;
  /** Dispatches still running their quick compile tier (0 once the full kernels are in). */
  quickDispatches: number;
}

/** The weights and optimiser state as of a step, copied to the host. */
export interface HostSnapshot {
  step: number;
  variables: VariableStore;
}

/** A GPU session that stopped: device lost or a validation error. Pending logs reject with it. */
export class GpuSessionError extends Error {
  override name = "GpuSessionError";
  constructor(readonly failure: GpuFailure) {
    super(failure.message);
  }
}

const nowMs = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/**
 * TrainSession's run on WebGPU: the same program, the same initial weights, the same
 * mini-batches (the stateless sampler of batches.ts, run on the device), executed with
 * weights, optimiser state and datasets resident on the GPU.
 *
 * trainSteps(n) encodes n whole steps (sample, gather, forward, backward, update, loss copy)
 * into one command buffer; each step's frame (step counter, hyperparameters) is staged in a
 * buffer beforehand and copied into the frame uniform between steps, so nothing on the host
 * runs between them. Losses come back through a ring of staging buffers a few steps late; a
 * call only waits when the whole ring is still in flight. Calls are serialised internally, so
 * a loop can queue steps without awaiting each one.
 *
 * Failures (device lost, uncaptured validation errors) are recorded in `failure`, reported to
 * onFailure listeners and reject pending logs; `snapshot` keeps the latest host copy of the
 * weights (refreshed every snapshotSteps steps or snapshotMs, read back without blocking),
 * from which a CPU session can go on (see autoSession.ts).
 */
export class GpuTrainSession {
  readonly datasets: Map<string, Dataset>;
  step = 0;
  /** Set once the device is lost or reported an error; no further work is submitted. */
  failure: GpuFailure | undefined;
  /** The latest host copy of the weights; the initial values until the first snapshot lands. */
  snapshot: HostSnapshot;
  private tail: Promise<void> = Promise.resolve();
  private readonly evalPrograms = new Map<number, Promise<EvalProgram>>();
  private readonly probeSets = new Map<string, Promise<ProbeSet>>();
  private readonly failureListeners = new Set<(f: GpuFailure) => void>();
  private ownsRuntime: boolean;
  private readonly frameStage: GPUBuffer;
  private readonly frameBytes: number;
  private readonly snapshotStages: StagingBuffer[];
  private lastSnapshot: { step: number; at: number };
  /** Bumped by restart(), so a snapshot read from before it is dropped. */
  private generation = 0;
  private readonly unwatch: () => void;
  private destroyed = false;
  /** Whether tier-up has been asked for (after the first step's readback). */
  private tierUpAsked = false;
  /**
   * Where create() spent its time (ms): analysis, lowering and autodiff ("program"),
   * opening the device, the WebGPU plan with its buffers and bind groups ("plan"), and the
   * pipeline compiles with the dataset upload and the batchers, which overlap.
   */
  setupMs: Record<string, number> = {};

  private constructor(
    readonly doc: GraphDoc,
    readonly program: Program,
    /** Host copy of the variables: the initial values, refreshed by syncVariables(). */
    readonly variables: VariableStore,
    private readonly data: SessionData,
    readonly runtime: GpuRuntime,
    private readonly vars: GpuVariables,
    private readonly train: GpuProgram,
    private readonly batchers: DeviceBatcher[],
    private readonly resident: Map<string, ResidentDataset>,
    private readonly ring: ReadbackRing,
    readonly seed: number,
    readonly batch: number,
    private readonly fuse: boolean,
    readonly maxStepsPerSubmit: number,
    private readonly snapshotSteps: number,
    private readonly snapshotMs: number,
    ownsRuntime: boolean,
    /** Where restart() goes back to. */
    private readonly startStep: number,
  ) {
    this.datasets = data.datasets;
    this.ownsRuntime = ownsRuntime;
    this.step = startStep;
    this.lastSnapshot = { step: startStep, at: nowMs() };
    this.snapshot = {
      step: startStep,
      variables: new Map([...variables].map(([k, v]) => [k, Float32Array.from(v)])),
    };
    const dev = runtime.device;
    this.frameBytes = train.frameBuffer.size;
    this.frameStage = dev.createBuffer({
      label: "wiregrad frames",
      size: this.frameBytes * maxStepsPerSubmit,
      usage: 0x0004 | 0x0008, // COPY_SRC | COPY_DST
    });
    const varBytes = [...program.variables.values()].reduce((p, v) => p + 4 * size(v.shape), 0);
    this.snapshotStages = [0, 1].map((k) => new StagingBuffer(dev, varBytes, `wiregrad snapshot ${k}`));
    this.unwatch = watchDevice(
      dev,
      (f) => this.fail(f),
      () => this.step,
    );
  }

  static async create(
    doc: GraphDoc,
    loadDataset: DatasetLoader,
    opts: GpuSessionOptions = {},
  ): Promise<GpuTrainSession> {
    const seed = opts.seed ?? doc.training?.seed ?? 0;
    const batch = opts.batch ?? doc.training?.batch_size ?? 32;
    const setup = new SetupClock();
    const a = analyze(doc);
    if (a.problems.length) throw new CompileError(a.problems);
    const program = buildTrainProgram(doc, batch, a);
    const { values, problems } = initVariables(program, doc, seed, opts.previous);
    if (problems.length) throw new CompileError(problems);
    const data = new SessionData(doc, a, program, loadDataset, seed);
    setup.lap("program");
    const runtime = opts.runtime ?? (await GpuRuntime.create());
    setup.lap("device");
    const vars = new GpuVariables(runtime);
    for (const [name, v] of values) vars.set(name, v);
    const fuse = opts.fuse ?? true;
    const train = await runtime.compile({
      nodes: program.nodes,
      outputs: [program.loss!, ...program.metrics.values()],
      updates: program.updates,
      fuse,
      variables: vars,
      path: opts.path,
      // The program's pipelines are requested below, after the batchers', so that the
      // batchers compile and the dataset uploads while the program's kernels compile
      // (they used to wait for them: ~40 ms of w2's first step).
      overlap: true,
      // Started below once the first step's loss is back (see GpuProgramSpec.tierUp).
      tierUp: "manual",
    });
    setup.lap("plan");
    const resident = new Map<string, ResidentDataset>();
    for (const [node, ds] of data.datasets) resident.set(node, new ResidentDataset(runtime, ds));
    // The batchers' pipelines are requested first: every step starts with them.
    const batchersMade = batchersFor(runtime, data, resident, train, batch);
    let batchers: DeviceBatcher[];
    try {
      if (train instanceof PlannedProgram) {
        train.startCompiling().catch(() => undefined);
        // Unless the first step may start while they compile (overlapCompile, where failures
        // surface in that step), every pipeline is in when create() returns.
        if (!opts.overlapCompile) await train.compiled;
      }
      batchers = (await batchersMade).map((b) => b.batcher);
    } catch (e) {
      // A kernel that does not compile: nothing of this session stays on the device.
      await batchersMade.then(
        (bs) => {
          for (const b of bs) b.batcher.destroy();
        },
        () => undefined,
      );
      for (const r of resident.values()) r.destroy();
      train.destroy();
      vars.destroy();
      throw e;
    }
    const maxSteps = Math.max(1, opts.maxStepsPerSubmit ?? 64);
    const rows = Math.max(opts.readbackRows ?? 16, maxSteps);
    const ring = new ReadbackRing(runtime.device, 4 * (1 + program.metrics.size), rows);
    setup.lap("compile and data");
    const session = new GpuTrainSession(
      doc,
      program,
      values,
      data,
      runtime,
      vars,
      train,
      batchers,
      resident,
      ring,
      seed,
      batch,
      fuse,
      maxSteps,
      opts.snapshotSteps ?? 50,
      opts.snapshotMs ?? 1000,
      !opts.runtime,
      opts.startStep ?? 0,
    );
    session.setupMs = setup.laps;
    return session;
  }

  /** Change a run-time hyperparameter (e.g. "adam1.lr"): it is an input, so nothing recompiles. */
  setHyper(name: string, value: number): void {
    const h = this.program.hyper.get(name);
    if (!h) throw new Error(`no hyperparameter "${name}"`);
    h.value = value;
  }

  /** Makes destroy() destroy the runtime too (for a runtime opened on this session's behalf). */
  ownRuntime(): void {
    this.ownsRuntime = true;
  }

  /** Called once if the device is lost or reports an error (at once if that already happened). */
  onFailure(listener: (f: GpuFailure) => void): () => void {
    if (this.failure) listener(this.failure);
    else this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  private fail(f: GpuFailure): void {
    if (this.failure || this.destroyed) return;
    this.failure = f;
    for (const l of this.failureListeners) l(f);
    this.failureListeners.clear();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => {
      if (this.failure) throw new GpuSessionError(this.failure);
      return work();
    });
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Queues one optimisation step on a fresh mini-batch; resolves with its log once read back. */
  trainStep(): Promise<StepLog> {
    return this.trainSteps(1).then((logs) => logs[0]);
  }

  /**
   * Queues n steps, encoded maxStepsPerSubmit to a command buffer; resolves with their logs
   * once read back. Returns as soon as they are queued if not awaited: call again at once to
   * keep the device busy.
   */
  trainSteps(n: number): Promise<StepLog[]> {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`trainSteps(n): n must be a whole number ≥ 0, got ${n}`);
    return Promise.all(this.queueSteps(n));
  }

  /** Queues n steps like trainSteps; one promise per step (a failure rejects only the steps it lost). */
  queueSteps(n: number): Promise<StepLog>[] {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`trainSteps(n): n must be a whole number ≥ 0, got ${n}`);
    const out: Promise<StepLog>[] = [];
    for (let left = n; left > 0; left -= this.maxStepsPerSubmit) {
      const count = Math.min(left, this.maxStepsPerSubmit);
      const chunk = this.enqueue(() => this.submitSteps(count));
      chunk.catch(() => undefined); // observed through each step's promise
      for (let k = 0; k < count; k++) out.push(chunk.then((logs) => logs[k]));
    }
    return out;
  }

  private async submitSteps(count: number): Promise<Promise<StepLog>[]> {
    const rows = await this.ring.reserveRows(count);
    if (this.failure) throw new GpuSessionError(this.failure);
    const p = this.program;
    const dev = this.runtime.device;
    const first = this.step;
    const frames = new Uint8Array(this.frameBytes * count);
    for (let k = 0; k < count; k++) {
      const s = first + k;
      frames.set(
        new Uint8Array(this.train.frameImage(this.data.scalarFeeds(p, s), this.seed, s)),
        k * this.frameBytes,
      );
    }
    dev.queue.writeBuffer(this.frameStage, 0, frames);
    let enc = dev.createCommandEncoder({ label: `wiregrad steps ${first + 1}–${first + count}` });
    // The first step of a session whose pipelines are still compiling runs in parts, each
    // submitted as the pipelines it needs come in (executor.ts, encodeStaged).
    const train = this.train;
    const staged = train instanceof PlannedProgram && !train.pipelinesReady ? train : undefined;
    const metricIds = [...p.metrics];
    const recordIds = [p.loss!, ...metricIds.map(([, id]) => id)];
    for (let k = 0; k < count; k++) {
      enc.copyBufferToBuffer(
        this.frameStage,
        k * this.frameBytes,
        this.train.frameBuffer,
        0,
        this.frameBytes,
      );
      if (this.batchers.length) {
        const pass = enc.beginComputePass();
        for (const b of this.batchers) b.encode(pass);
        pass.end();
      }
      if (staged && k === 0) {
        try {
          enc = await staged.encodeStaged(enc);
        } catch (e) {
          const message = `WebGPU pipeline compile failed at step ${first}: ${(e as Error).message}`;
          this.fail({ kind: "internal", step: first, message });
          throw e;
        }
      } else this.train.encode(enc);
      recordIds.forEach((id, j) => {
        this.train.copyResult(enc, id, rows[k].buffer, rows[k].offset + 4 * j, 4);
      });
    }
    const snap = this.encodeSnapshot(enc, first + count);
    dev.queue.submit([enc.finish()]);
    this.ring.committed();
    this.step = first + count;
    snap?.();
    const logs = rows.map((row, k) =>
      row.values.then(
        (v) => {
          const metrics: Record<string, number> = {};
          metricIds.forEach(([name], j) => {
            metrics[metricName(name, metricIds.length)] = v[1 + j];
          });
          return { step: first + k + 1, loss: v[0], metrics };
        },
        (e: unknown) => {
          throw this.failure ? new GpuSessionError(this.failure) : e;
        },
      ),
    );
    if (!this.tierUpAsked) {
      this.tierUpAsked = true;
      // The full-tier kernels compile once the first step's log is out, in a later task
      // than whoever awaits it: begun with the step, their compiles (and, in Node, their
      // synchronous WGSL parsing) held that log up by 40–90 ms. A lost device leaves nothing
      // to tier up.
      logs[0].then(
        () => setTimeout(() => void this.train.tieredUp, 0),
        () => undefined,
      );
    }
    return logs;
  }

  /**
   * When a snapshot is due and a staging buffer is free, copies every variable into it at the
   * end of this command buffer; returns what to call after the submit (the non-blocking map).
   */
  private encodeSnapshot(enc: GPUCommandEncoder, step: number): (() => void) | undefined {
    const due =
      step - this.lastSnapshot.step >= this.snapshotSteps ||
      nowMs() - this.lastSnapshot.at >= this.snapshotMs;
    const stage = this.snapshotStages.find((s) => !s.busy);
    if (!due || !stage) return undefined;
    const layout: [string, number, number][] = [];
    let at = 0;
    for (const v of this.program.variables.values()) {
      const bytes = 4 * size(v.shape);
      if (bytes) enc.copyBufferToBuffer(this.vars.get(v.name), 0, stage.buffer, at, bytes);
      layout.push([v.name, at / 4, bytes / 4]);
      at += bytes;
    }
    this.lastSnapshot = { step, at: nowMs() };
    const generation = this.generation;
    return () => {
      stage.read().then(
        (all) => {
          if (generation !== this.generation || step < this.snapshot.step) return;
          const variables: VariableStore = new Map();
          for (const [name, off, n] of layout) variables.set(name, all.slice(off, off + n));
          this.snapshot = { step, variables };
        },
        () => undefined, // device lost: the previous snapshot stays the latest
      );
    };
  }

  /** Waits for every queued step to be submitted, and starts reading back their records. */
  async flush(): Promise<void> {
    await this.tail;
    if (this.failure) throw new GpuSessionError(this.failure);
    this.ring.map();
  }

  private evalProgram(batch: number): Promise<EvalProgram> {
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
        .then(async (gpu) => ({
          p,
          gpu,
          batchers: await batchersFor(this.runtime, this.data, this.resident, gpu, batch),
        }));
      this.evalPrograms.set(batch, e);
    }
    return e;
  }

  /**
   * Loss and metrics on a split, in eval mode, over all of its samples (after queued steps).
   * The chunks' rows are written as indices; the samples themselves are gathered on the device.
   */
  async evaluate(split: "train" | "test", chunk = 500): Promise<EvalResult> {
    await this.flush();
    const acc = new EvalAccumulator();
    for (const { node, rows } of this.data.evalChunks(split, chunk)) {
      const { p, gpu, batchers } = await this.evalProgram(rows.length);
      const metricIds = [...p.metrics];
      const ids = [p.loss!, ...metricIds.map(([, id]) => id)];
      const dev = this.runtime.device;
      const b = batchers.find((x) => x.node === node)!;
      dev.queue.writeBuffer(b.batcher.rows, 0, rows as Uint32Array<ArrayBuffer>);
      dev.queue.writeBuffer(
        gpu.frameBuffer,
        0,
        gpu.frameImage(this.data.scalarFeeds(p, this.step), this.seed, this.step),
      );
      const enc = dev.createCommandEncoder();
      const pass = enc.beginComputePass();
      b.batcher.encodeGather(pass);
      pass.end();
      gpu.encode(enc);
      const vals = await this.runtime.readBuffers(
        ids.map((id) => ({ buffer: gpu.resultBuffer(id), bytes: 4 })),
        enc,
      );
      acc.add(
        rows.length,
        vals[0][0],
        metricIds.map(([name], i) => [name, vals[1 + i][0]]),
      );
    }
    return acc.result();
  }

  /**
   * Back to the start step with the initial weights (the host copy in `variables`, as long as
   * syncVariables was not called): lets a caller time a few real steps before the run starts.
   */
  async restart(): Promise<void> {
    await this.flush();
    for (const [name, v] of this.variables) this.vars.set(name, v);
    this.step = this.startStep;
    this.generation++;
    this.snapshot = {
      step: this.startStep,
      variables: new Map([...this.variables].map(([k, v]) => [k, Float32Array.from(v)])),
    };
    this.lastSnapshot = { step: this.startStep, at: nowMs() };
  }

  /** Downloads the weights and optimiser state into `variables` (after queued steps). */
  async syncVariables(): Promise<VariableStore> {
    await this.flush();
    const shapes = new Map([...this.program.variables.values()].map((v) => [v.name, v.shape] as const));
    for (const [name, v] of await this.vars.read(shapes)) this.variables.set(name, v);
    this.snapshot = {
      step: this.step,
      variables: new Map([...this.variables].map(([k, v]) => [k, v.slice()])),
    };
    return this.variables;
  }

  /**
   * Summaries of train-program values as of the latest queued step: the forward (and, for
   * gradient ids, backward) pass re-run on that step's mini-batch with the weights after it,
   * then mean, std, min, max, non-finite count, a histogram and a strided sample computed on
   * the device (probe.ts). Read back without blocking later steps.
   */
  probe(ids: number[]): Promise<Map<number, ProbeValue>> {
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.program.nodes.length)
        throw new RangeError(
          `probe: %${id} is not a value of the training program (0…${this.program.nodes.length - 1})`,
        );
    }
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    const key = unique.join(",");
    let set = this.probeSets.get(key);
    if (!set) {
      set = ProbeSet.create(this.runtime, {
        nodes: this.program.nodes,
        ids: unique,
        fuse: this.fuse,
        variables: this.vars,
        batchers: (gpu) =>
          batchersFor(this.runtime, this.data, this.resident, gpu, this.batch).then((b) =>
            b.map((x) => x.batcher),
          ),
      });
      this.probeSets.set(key, set);
      set.catch(() => this.probeSets.delete(key));
    }
    const s = set;
    // The readback is returned wrapped, so the serialised queue does not wait for it.
    return this.enqueue(async () => {
      const ps = await s;
      const step = Math.max(0, this.step - 1);
      return ps.run({ scalars: this.data.scalarFeeds(this.program, step), seed: this.seed, step });
    }).then(({ read }) => read);
  }

  /**
   * Resolves once the step runs on its full-tier kernels (asking for them now if the first
   * step's log has not yet): a benchmark that times something else next waits for this, so
   * the background compiles do not share the processor with what it times.
   */
  get tieredUp(): Promise<void> {
    this.tierUpAsked = true;
    return this.train.tieredUp;
  }

  get stats(): GpuStepStats {
    const s = this.train.plan.stats;
    const batchDispatches = this.batchers.reduce((p, b) => p + b.dispatchCount, 0);
    return {
      dispatches: this.train.dispatchCount + batchDispatches,
      copies: this.train.copyCount + 2 + this.program.metrics.size,
      submits: 1,
      batchDispatches,
      plannedBytes: s.plannedBytes,
      naiveBytes: s.naiveBytes,
      persistentBytes: s.persistentBytes,
      datasetBytes: [...this.resident.values()].reduce((p, d) => p + d.bytes, 0),
      quickDispatches: this.train.quickDispatches,
    };
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.unwatch();
    this.train.destroy();
    this.ring.destroy();
    this.frameStage.destroy();
    for (const s of this.snapshotStages) s.destroy();
    for (const b of this.batchers) b.destroy();
    for (const d of this.resident.values()) d.destroy();
    this.vars.destroy();
    for (const e of this.evalPrograms.values())
      e.then(
        ({ gpu, batchers }) => {
          gpu.destroy();
          for (const b of batchers) b.batcher.destroy();
        },
        () => undefined,
      );
    for (const p of this.probeSets.values())
      p.then(
        (s) => s.destroy(),
        () => undefined,
      );
    if (this.ownsRuntime) this.runtime.destroy();
  }
}

interface EvalProgram {
  p: Program;
  gpu: GpuProgram;
  batchers: { node: string; batcher: DeviceBatcher }[];
}

/** The sampler and gather of every Dataset node, writing into `gpu`'s input buffers. */
async function batchersFor(
  rt: GpuRuntime,
  data: SessionData,
  resident: Map<string, ResidentDataset>,
  gpu: GpuProgram,
  batch: number,
): Promise<{ node: string; batcher: DeviceBatcher }[]> {
  return Promise.all(
    data.samplerEntries.map(async ([node, sampler]) => ({
      node,
      batcher: await DeviceBatcher.create(rt, resident.get(node)!, {
        key: sampler.key,
        batch,
        label: node,
        targets: { x: gpu.inputBuffer(`${node}.x`), y: gpu.inputBuffer(`${node}.y`), frame: gpu.frameBuffer },
      }),
    })),
  );
}

/** Laps of create(), by phase. */
class SetupClock {
  readonly laps: Record<string, number> = {};
  private at = nowMs();
  lap(phase: string): void {
    const t = nowMs();
    this.laps[phase] = t - this.at;
    this.at = t;
  }
}
