import { programLabels } from "../compile/program";
import type { GraphDoc } from "../graph/doc";
import { serializeGraphDoc } from "../graph/load";
import { printIR } from "../ir/print";
import { withTrainedWeights } from "../train/export-weights";
import { GpuTrainSession } from "../train/gpuSession";
import { type EvalResult, type StepLog, TrainSession } from "../train/session";
import { nodeDatasetLoader } from "./datasets";
import { UserError } from "./errors";

export interface TrainOptions {
  steps?: string;
  seed?: number;
  out?: string;
  json: boolean;
  logEvery?: string;
  dumpIr?: boolean;
  write(path: string, text: string): void;
  print(line: string): void;
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} ${v}: expected a whole number ≥ 1`);
  return n;
}

function fmtMetrics(m: Record<string, number | undefined>): string {
  return Object.entries(m)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${Number(v).toFixed(4)}`)
    .join("  ");
}

type Session = Pick<TrainSession, "program" | "variables" | "batch" | "seed">;

/**
 * The bookkeeping of a training run, whichever backend steps it: checks, averaged log
 * lines every `logEvery` steps, the final evaluation line and the --out file.
 */
class TrainRun {
  readonly steps: number;
  readonly logEvery: number;
  private window: { loss: number; metrics: Record<string, number>; n: number } = {
    loss: 0,
    metrics: {},
    n: 0,
  };
  last: Record<string, number> = {};

  constructor(
    private readonly doc: GraphDoc,
    private readonly file: string,
    private readonly o: TrainOptions,
  ) {
    const steps = positiveInt(o.steps, "--steps") ?? doc.training?.steps;
    if (!steps) throw new UserError(`${file}: give --steps N (the graph sets no training.steps)`);
    this.steps = steps;
    this.logEvery =
      positiveInt(o.logEvery, "--log-every") ??
      doc.training?.log_every ??
      Math.max(1, Math.round(steps / 20));
  }

  check(session: Session): void {
    if (this.o.dumpIr)
      process.stderr.write(`${printIR(session.program.nodes, programLabels(session.program))}\n`);
    if (session.program.optimizers.length === 0) {
      throw new UserError(
        `${this.file}: the graph has no optimiser block (SGD, Adam, …) wired to a loss, so nothing would train`,
      );
    }
  }

  /** Records a step; returns the line to print when it is a logging step (the last one is printed by `finish`). */
  record(log: StepLog): Record<string, number> | undefined {
    if (!Number.isFinite(log.loss)) {
      throw new UserError(
        `${this.file}: the loss became ${log.loss} at step ${log.step}; lower the learning rate`,
      );
    }
    const w = this.window;
    w.loss += log.loss;
    w.n++;
    for (const [k, v] of Object.entries(log.metrics)) w.metrics[k] = (w.metrics[k] ?? 0) + v;
    if (log.step % this.logEvery !== 0 && log.step !== this.steps) return undefined;
    const line: Record<string, number> = { step: log.step, loss: w.loss / w.n };
    for (const [k, v] of Object.entries(w.metrics)) line[k] = v / w.n;
    this.window = { loss: 0, metrics: {}, n: 0 };
    return line;
  }

  print(line: Record<string, number>, evals?: { train: EvalResult; test: EvalResult }): void {
    if (evals) {
      const { train, test } = evals;
      if (train.loss !== undefined) line.train_loss = train.loss;
      for (const [k, v] of Object.entries(train.metrics)) line[`train_${k}`] = v;
      if (test.samples > 0 && test.loss !== undefined) line.test_loss = test.loss;
      for (const [k, v] of Object.entries(test.samples > 0 ? test.metrics : {})) line[`test_${k}`] = v;
    }
    this.o.print(
      this.o.json
        ? JSON.stringify(line)
        : `step ${String(line.step).padStart(6)}  ${fmtMetrics({ ...line, step: undefined })}`,
    );
    this.last = line;
  }

  writeOut(session: Session): void {
    if (!this.o.out) return;
    const { step: _s, ...metrics } = this.last;
    this.o.write(this.o.out, serializeGraphDoc(withTrainedWeights(this.doc, session, metrics)));
    if (!this.o.json) this.o.print(`wrote ${this.o.out}`);
  }
}

/** Train for N steps on the CPU, logging as it goes; --out writes the GraphDoc with the trained weights. */
export function trainCommand(doc: GraphDoc, file: string, o: TrainOptions): number {
  const run = new TrainRun(doc, file, o);
  const session = new TrainSession(doc, nodeDatasetLoader, { seed: o.seed });
  run.check(session);
  for (let s = 0; s < run.steps; s++) {
    const line = run.record(session.trainStep());
    if (!line) continue;
    const last = line.step === run.steps;
    run.print(line, last ? { train: session.evaluate("train"), test: session.evaluate("test") } : undefined);
  }
  run.writeOut(session);
  return 0;
}

/** Steps queued ahead of the one being logged: enough to keep the GPU busy while losses come back. */
const IN_FLIGHT = 16;

/** The same run on WebGPU: steps are queued without waiting, their losses arrive a few steps late. */
export async function trainCommandGpu(doc: GraphDoc, file: string, o: TrainOptions): Promise<number> {
  const run = new TrainRun(doc, file, o);
  const session = await GpuTrainSession.create(doc, nodeDatasetLoader, { seed: o.seed });
  const pending: Promise<StepLog>[] = [];
  try {
    run.check(session);
    const handle = async (log: StepLog) => {
      const line = run.record(log);
      if (!line) return;
      const last = line.step === run.steps;
      run.print(
        line,
        last ? { train: await session.evaluate("train"), test: await session.evaluate("test") } : undefined,
      );
    };
    for (let s = 0; s < run.steps; s++) {
      pending.push(session.trainStep());
      if (pending.length >= IN_FLIGHT) await handle(await pending.shift()!);
    }
    while (pending.length) await handle(await pending.shift()!);
    if (o.out) await session.syncVariables();
    run.writeOut(session);
    return 0;
  } finally {
    // Steps still queued when a bad loss stops the run: their outcome no longer matters.
    for (const p of pending) p.catch(() => undefined);
    session.destroy();
  }
}
