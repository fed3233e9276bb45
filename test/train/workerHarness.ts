// The training worker's controller in-process, with a fake port that records what it posts:
// shared by the worker tests on the CPU and on WebGPU.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeDataset } from "../../src/data/index";
import type { GraphDoc } from "../../src/graph/doc";
import { parseGraphDoc } from "../../src/graph/load";
import type { LiveTrainSession } from "../../src/train/autoSession";
import { TrainController } from "../../src/train/worker/controller";
import type { BackendChoice, FromWorker, ToWorker } from "../../src/train/worker/protocol";
import { WorkerRuntime } from "../../src/train/worker/workerRuntime";

export function preset(name: string): GraphDoc {
  const r = parseGraphDoc(readFileSync(join(import.meta.dirname, "../../presets", `${name}.json`), "utf8"));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.doc;
}

export function edit(doc: GraphDoc, node: string, params: Record<string, unknown>): GraphDoc {
  const next = structuredClone(doc);
  const n = next.nodes.find((x) => x.id === node)!;
  n.params = { ...n.params, ...params } as typeof n.params;
  return next;
}

/**
 * The controller on the worker's own session factory (WorkerRuntime). `force` overrides the
 * backend the controller asks for (the CPU tests force "cpu": no device is opened at all);
 * without it the controller's choice ("auto" unless a load message names one) is used.
 */
export function harness(opts: { runtime?: WorkerRuntime; force?: BackendChoice } = {}) {
  const runtime = opts.runtime ?? new WorkerRuntime();
  const posted: FromWorker[] = [];
  const sessions: LiveTrainSession[] = [];
  const requests: BackendChoice[] = [];
  const c = new TrainController({
    post: (m) => posted.push(m),
    prepareData: async () => (name, args) => makeDataset(name, args),
    createSession: async (doc, load, req) => {
      requests.push(req.backend);
      const s = await runtime.createSession(doc, load, { ...req, backend: opts.force ?? req.backend });
      sessions.push(s);
      return s;
    },
    now: () => performance.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const send = async (m: ToWorker) => {
    c.handle(m);
    await c.idle();
  };
  const of = <T extends FromWorker["type"]>(type: T) =>
    posted.filter((m): m is Extract<FromWorker, { type: T }> => m.type === type);
  const lastState = () => of("state").at(-1)!;
  const points = () => of("metrics").flatMap((m) => m.points);
  return { c, posted, sessions, requests, send, of, lastState, points };
}
