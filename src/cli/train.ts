import { programLabels } from "../compile/program";
import type { GraphDoc } from "../graph/doc";
import { serializeGraphDoc } from "../graph/load";
import { printIR } from "../ir/print";
import { withTrainedWeights } from "../train/export-weights";
import { TrainSession } from "../train/session";
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

/** Train for N steps, logging as it goes; --out writes the GraphDoc with the trained weights. */
export function trainCommand(doc: GraphDoc, file: string, o: TrainOptions): number {
  const steps = positiveInt(o.steps, "--steps") ?? doc.training?.steps;
  if (!steps) throw new UserError(`${file}: give --steps N (the graph sets no training.steps)`);
  const logEvery =
    positiveInt(o.logEvery, "--log-every") ?? doc.training?.log_every ?? Math.max(1, Math.round(steps / 20));
  const session = new TrainSession(doc, nodeDatasetLoader, { seed: o.seed });
  if (o.dumpIr) process.stderr.write(`${printIR(session.program.nodes, programLabels(session.program))}\n`);
  if (session.program.optimizers.length === 0) {
    throw new UserError(
      `${file}: the graph has no optimiser block (SGD, Adam, …) wired to a loss, so nothing would train`,
    );
  }
  let window: { loss: number; metrics: Record<string, number>; n: number } = { loss: 0, metrics: {}, n: 0 };
  let last: Record<string, number> = {};
  for (let s = 0; s < steps; s++) {
    const log = session.trainStep();
    if (!Number.isFinite(log.loss)) {
      throw new UserError(
        `${file}: the loss became ${log.loss} at step ${log.step}; lower the learning rate`,
      );
    }
    window.loss += log.loss;
    window.n++;
    for (const [k, v] of Object.entries(log.metrics)) window.metrics[k] = (window.metrics[k] ?? 0) + v;
    if (log.step % logEvery === 0 || log.step === steps) {
      const line: Record<string, number> = { step: log.step, loss: window.loss / window.n };
      for (const [k, v] of Object.entries(window.metrics)) line[k] = v / window.n;
      if (log.step === steps) {
        const train = session.evaluate("train");
        const test = session.evaluate("test");
        if (train.loss !== undefined) line.train_loss = train.loss;
        for (const [k, v] of Object.entries(train.metrics)) line[`train_${k}`] = v;
        if (test.samples > 0 && test.loss !== undefined) line.test_loss = test.loss;
        for (const [k, v] of Object.entries(test.samples > 0 ? test.metrics : {})) line[`test_${k}`] = v;
      }
      o.print(
        o.json
          ? JSON.stringify(line)
          : `step ${String(line.step).padStart(6)}  ${fmtMetrics({ ...line, step: undefined })}`,
      );
      last = line;
      window = { loss: 0, metrics: {}, n: 0 };
    }
  }
  if (o.out) {
    const { step: _s, ...metrics } = last;
    o.write(o.out, serializeGraphDoc(withTrainedWeights(doc, session, metrics)));
    if (!o.json) o.print(`wrote ${o.out}`);
  }
  return 0;
}
