// The training worker's entry: wires the controller to postMessage. The page starts it with
// new Worker(new URL("./worker.ts", import.meta.url), { type: "module" }).
import { prepareData } from "./browserData";
import { TrainController } from "./controller";
import type { FromWorker, ToWorker } from "./protocol";
import { WorkerRuntime } from "./workerRuntime";

const scope = self as unknown as {
  postMessage(msg: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

// A MessageChannel task yields to queued messages without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

function sleep(ms: number): Promise<void> {
  if (ms > 0) return new Promise((r) => setTimeout(r, ms));
  return new Promise((r) => {
    waiting.push(r);
    channel.port2.postMessage(0);
  });
}

// One WebGPU device for the worker's lifetime: every recompile reuses it and its caches.
const runtime = new WorkerRuntime();
runtime.warm();

const controller = new TrainController({
  post: (msg) => scope.postMessage(msg),
  prepareData,
  createSession: (doc, load, req) => runtime.createSession(doc, load, req),
  now: () => performance.now(),
  sleep,
});

scope.onmessage = (e) => controller.handle(e.data);
