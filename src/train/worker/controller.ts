// The training worker's logic, without the worker: it receives the page's messages, owns
// the session and the run loop, and posts metrics, state, probes and views back. The loop
// runs a slice of steps, then yields so that a pause or an edit is handled at once; probes
// and views are computed at most ~10 times a second, and only while someone watches.
// Sessions come from createTrainSession (autoSession.ts): when a WebGPU run fails it goes on
// on the CPU, and the controller tells the page in words.
import { CompileError } from "../../compile/problems";
import type { VariableStore } from "../../compile/variables";
import type { GraphDoc } from "../../graph/doc";
import type { FallbackEvent, LiveTrainSession } from "../autoSession";
import { computeProbes } from "../live/probes";
import type { LiveContext } from "../live/types";
import { computeOutputView, viewsFor } from "../live/views";
import type { DatasetLoader, StepLog } from "../session";
import { classifyChange } from "./docChange";
import type {
  BackendChoice,
  FromWorker,
  MetricRecord,
  RunPhase,
  RunSettings,
  ToWorker,
  WatchRequest,
} from "./protocol";
import type { SessionRequest } from "./workerRuntime";

export interface ControllerDeps {
  post(msg: FromWorker): void;
  prepareData(doc: GraphDoc, progress: (task: string) => void): Promise<DatasetLoader>;
  /** A session on the chosen backend (WorkerRuntime.createSession, over createTrainSession). */
  createSession(doc: GraphDoc, load: DatasetLoader, req: SessionRequest): Promise<LiveTrainSession>;
  now(): number;
  /** Lets queued messages in: resolves after `ms` (0: as soon as the event loop is free). */
  sleep(ms: number): Promise<void>;
}

/** The loop's time slice: long enough to amortise the yield, short enough that pause feels instant. */
const SLICE_MS = 30;
/** One tick per display frame when a speed is set in steps per tick. */
const TICK_MS = 16;
/** Probes and views: at most this often… */
const WATCH_MS = 100;
/**
 * …and never more than this share of the worker's time: a snapshot that took t ms waits
 * t·(1/share − 1) before the next, so watching costs training at most ~10 % of its steps
 * whatever the model's size (an MNIST probe takes far longer than a spiral one).
 */
const WATCH_SHARE = 0.1;
/** State and metrics to the page: at most this often while running. */
const POST_MS = 100;
/** WebGPU steps queued ahead of their read-back losses. */
const MAX_IN_FLIGHT = 48;
/** WebGPU steps asked for at once: one command buffer each, which spreads the submit's cost. */
const GPU_CHUNK = 16;

interface Window {
  loss: number;
  metrics: Record<string, number>;
  n: number;
  step: number;
}

const emptyWindow = (): Window => ({ loss: 0, metrics: {}, n: 0, step: 0 });

export class TrainController {
  private doc: GraphDoc | null = null;
  /** The newest document received; applied when the queue reaches it (edits coalesce). */
  private incoming: GraphDoc | null = null;
  private backendChoice: BackendChoice = "auto";
  private load: DatasetLoader | null = null;
  private session: LiveTrainSession | null = null;
  /** Weights (and step) kept while the graph cannot compile, so a fix does not lose them. */
  private kept: { values: VariableStore; step: number } | null = null;
  private phase: RunPhase = "idle";
  private run = 0;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private queue: Promise<void> = Promise.resolve();
  private settings: RunSettings = { speed: 10, evalEvery: 0 };
  private watch: WatchRequest = { nodes: null, gradients: false, view: null };
  private window = emptyWindow();
  private pendingPoints: MetricRecord[] = [];
  /** Queued trainSteps calls whose logs are not back yet, and how many steps each asked for. */
  private inFlight: { done: Promise<void>; steps: number }[] = [];
  private inFlightSteps = 0;
  private lastPost = 0;
  private lastWatch = -Infinity;
  /** Gap before the next probe, grown from the last one's cost (WATCH_SHARE). */
  private watchGap = WATCH_MS;
  private watchBusy = false;
  private lastEvalStep = 0;
  private rate = { at: 0, step: 0, perSecond: 0 };
  private stopReason: string | null = null;

  constructor(private readonly deps: ControllerDeps) {}

  handle(msg: ToWorker): void {
    switch (msg.type) {
      case "load":
        this.incoming = msg.doc;
        {
          const switched = !!msg.backend && msg.backend !== this.backendChoice;
          if (msg.backend) this.backendChoice = msg.backend;
          if (msg.fresh) this.enqueue(() => this.rebuild({ keepWeights: false, newRun: true }));
          else if (switched) this.enqueue(() => this.rebuild({ keepWeights: true, newRun: false }));
          else this.enqueue(() => this.applyIncoming());
        }
        return;
      case "run":
        this.enqueue(async () => this.start());
        return;
      case "pause":
        // Not queued: the loop sees it at its next yield.
        this.running = false;
        return;
      case "step":
        this.enqueue(() => this.stepOnce(msg.count ?? 1));
        return;
      case "reset":
        this.enqueue(() => this.rebuild({ keepWeights: false, newRun: true }));
        return;
      case "settings":
        this.settings = { ...this.settings, ...msg.settings };
        return;
      case "hyper":
        this.enqueue(async () => {
          this.session?.setHyper(msg.name, msg.value);
          this.postState();
        });
        return;
      case "watch":
        this.watch = msg.watch;
        this.lastWatch = -Infinity;
        if (!this.running) this.enqueue(() => this.refreshWatch());
        return;
      case "evaluate":
        this.enqueue(() => this.evaluateTest());
        return;
    }
  }

  /** Resolves when every message handled so far has been acted on (a run has started, not ended). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Resolves when the run loop has stopped (paused, at its budget, or on an error). */
  stopped(): Promise<void> {
    return this.queue.then(() => this.loopDone);
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((e) => this.fail(e));
  }

  private fail(e: unknown): void {
    this.running = false;
    if (e instanceof CompileError) {
      const first = e.problems[0];
      this.setPhase("invalid");
      this.deps.post({
        type: "error",
        message: e.problems.map((p) => (p.node ? `${p.node}: ${p.message}` : p.message)).join("\n"),
        node: first?.node,
      });
      return;
    }
    this.setPhase("failed");
    this.deps.post({ type: "error", message: (e as Error)?.message ?? String(e) });
  }

  // ---- the document ----

  private async applyIncoming(): Promise<void> {
    const doc = this.incoming;
    if (!doc || doc === this.doc) return;
    if (!this.session || !this.doc) {
      this.doc = doc;
      await this.rebuild({ keepWeights: true, newRun: false });
      return;
    }
    const change = classifyChange(this.doc, doc, this.session.program);
    this.doc = doc;
    if (change.kind === "none") {
      this.postState();
      return;
    }
    if (change.kind === "hyper") {
      for (const { name, value } of change.values) this.session.setHyper(name, value);
      this.postState();
      return;
    }
    const wasRunning = this.running;
    await this.rebuild({ keepWeights: true, newRun: false });
    if (wasRunning)
      this.notice(
        "Paused: the graph changed. It was recompiled, keeping the weights of every block whose shapes stayed the same.",
      );
  }

  /**
   * Compiles the current document into a fresh session. An edit keeps the weights (and the
   * step count) of every block whose shapes did not change; a reset or another graph starts
   * a new run from seeded weights.
   */
  private async rebuild({ keepWeights, newRun }: { keepWeights: boolean; newRun: boolean }): Promise<void> {
    const doc = this.incoming ?? this.doc;
    if (!doc) return;
    this.doc = doc;
    await this.stopLoop();
    const old = this.session;
    if (old && keepWeights) this.kept = { values: new Map(await old.syncVariables()), step: old.step };
    if (!keepWeights) this.kept = null;
    old?.destroy();
    this.session = null;
    this.setPhase("loading");
    this.load = await this.deps.prepareData(doc, (task) => this.progress(task, null));
    this.setPhase("compiling");
    const target = { auto: "and choosing a backend", webgpu: "for WebGPU", cpu: "for the CPU" };
    this.progress(`Compiling the training step ${target[this.backendChoice]}`, null);
    const session = await this.deps.createSession(doc, this.load, {
      backend: this.backendChoice,
      seed: doc.training?.seed,
      batch: doc.training?.batch_size,
      previous: this.kept?.values,
      startStep: this.kept?.step ?? 0,
    });
    // A newer document may have arrived while compiling; the queue applies it next.
    this.session = session;
    session.onFallback((e) => this.fellBack(session, e));
    this.kept = null;
    if (newRun || this.run === 0) this.run++;
    this.window = emptyWindow();
    this.lastEvalStep = session.step;
    this.rate = { at: this.deps.now(), step: session.step, perSecond: 0 };
    this.progress(null, null);
    this.deps.post({ type: "ready", backend: session.backend, reason: session.reason, run: this.run });
    this.setPhase("paused");
    // Also after a recompile: the test loss right after it shows that the weights were kept.
    await this.evaluateTest();
    await this.refreshWatch();
  }

  // ---- running ----

  private async start(): Promise<void> {
    if (!this.session || this.running) return;
    this.running = true;
    this.stopReason = null;
    this.setPhase("running");
    this.rate = { at: this.deps.now(), step: this.session.step, perSecond: 0 };
    this.loopDone = this.loop();
  }

  private async stopLoop(): Promise<void> {
    this.running = false;
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    const s = this.session!;
    try {
      while (this.running && this.session === s) {
        const t0 = this.deps.now();
        const limit = this.settings.speed === "max" ? Number.POSITIVE_INFINITY : this.settings.speed;
        for (let k = 0; k < limit && this.running && this.deps.now() - t0 < SLICE_MS; ) {
          const n = this.chunk(s, limit - k);
          k += n;
          await this.queueSteps(s, n);
          if (this.atBudget(s)) {
            this.running = false;
            this.stopReason = `Reached the step budget (${s.step} steps).`;
          }
        }
        await this.afterTick(s);
        const rest = this.settings.speed === "max" ? 0 : Math.max(0, TICK_MS - (this.deps.now() - t0));
        await this.deps.sleep(rest);
      }
    } catch (e) {
      this.fail(e);
    } finally {
      await this.settle();
      if (this.session === s && this.phase === "running") this.setPhase("paused");
      if (this.stopReason) this.notice(this.stopReason);
      this.stopReason = null;
      if (this.session === s) {
        if (s.step > this.lastEvalStep) await this.evaluateTest().catch((e) => this.fail(e));
        await this.refreshWatch();
      }
    }
  }

  private atBudget(s: LiveTrainSession): boolean {
    const budget = this.doc?.training?.steps;
    return !!budget && s.step === budget;
  }

  /** Steps to ask for next: one on the CPU (the time slice stays exact), a submit's worth on WebGPU, never past the budget. */
  private chunk(s: LiveTrainSession, left: number): number {
    let n = Math.min(left, s.backend === "webgpu" ? GPU_CHUNK : 1);
    const budget = this.doc?.training?.steps;
    if (budget && budget > s.step) n = Math.min(n, budget - s.step);
    return Math.max(1, n);
  }

  private async queueSteps(s: LiveTrainSession, steps: number): Promise<void> {
    const done = s.trainSteps(steps).then((logs) => {
      for (const log of logs) this.record(log);
    });
    this.inFlight.push({ done, steps });
    this.inFlightSteps += steps;
    // On the CPU every step has finished already; on WebGPU only the read-back lags, and the
    // loop waits for it only when too many steps are ahead of their losses.
    while (this.inFlightSteps > MAX_IN_FLIGHT) {
      const first = this.inFlight.shift()!;
      this.inFlightSteps -= first.steps;
      await first.done;
    }
  }

  /** Waits for every queued step's log, and logs the partial window (a pause shows its last step). */
  private async settle(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = [];
    this.inFlightSteps = 0;
    await Promise.all(pending.map((p) => p.done));
    this.closeWindow();
    this.postMetrics();
    this.postState();
  }

  private logEvery(): number {
    // The chart wants finer points than a CLI log: at most every 5 steps.
    return Math.max(1, Math.min(5, this.doc?.training?.log_every ?? 5));
  }

  private record(log: StepLog): void {
    const w = this.window;
    w.loss += log.loss;
    w.n++;
    w.step = log.step;
    for (const [k, v] of Object.entries(log.metrics)) w.metrics[k] = (w.metrics[k] ?? 0) + v;
    if (!Number.isFinite(log.loss) && this.running) {
      this.running = false;
      this.stopReason = `The loss became ${log.loss} at step ${log.step}: paused. Lower the learning rate, then reset.`;
    }
    if (log.step % this.logEvery() === 0) this.closeWindow();
  }

  private closeWindow(): void {
    const w = this.window;
    if (w.n === 0) return;
    const metrics: Record<string, number> = {};
    for (const [k, v] of Object.entries(w.metrics)) metrics[k] = v / w.n;
    this.pendingPoints.push({ step: w.step, split: "train", loss: w.loss / w.n, metrics });
    this.window = emptyWindow();
  }

  private async afterTick(s: LiveTrainSession): Promise<void> {
    const now = this.deps.now();
    if (now - this.rate.at >= 1000) {
      this.rate = {
        at: now,
        step: s.step,
        perSecond: ((s.step - this.rate.step) * 1000) / (now - this.rate.at),
      };
    }
    const every = this.evalEvery(s);
    if (every > 0 && s.step - this.lastEvalStep >= every) await this.evaluateTest();
    if (now - this.lastPost >= POST_MS) {
      this.lastPost = now;
      this.postMetrics();
      this.postState();
    }
    if (now - this.lastWatch >= this.watchGap) void this.refreshWatch();
  }

  /** Test evaluation period: the setting, else about one epoch, between 50 and 500 steps. */
  private evalEvery(s: LiveTrainSession): number {
    if (this.settings.evalEvery > 0) return this.settings.evalEvery;
    return Math.min(500, Math.max(50, this.stepsPerEpoch(s)));
  }

  private stepsPerEpoch(s: LiveTrainSession | null): number {
    const ds = s ? [...s.datasets.values()][0] : undefined;
    return ds ? Math.max(1, Math.ceil(ds.split.train.length / s!.batch)) : 0;
  }

  private async stepOnce(count: number): Promise<void> {
    const s = this.session;
    if (!s || this.running) return;
    for (let k = 0; k < count; ) {
      const n = this.chunk(s, count - k);
      k += n;
      await this.queueSteps(s, n);
    }
    await this.settle();
    await this.refreshWatch();
  }

  private async evaluateTest(): Promise<void> {
    const s = this.session;
    if (!s || s.datasets.size === 0) return;
    const ds = [...s.datasets.values()][0];
    if (ds.split.test.length === 0) return;
    this.lastEvalStep = s.step;
    const step = s.step;
    const r = await s.evaluate("test");
    if (r.loss === undefined || this.session !== s) return;
    this.pendingPoints.push({ step, split: "test", loss: r.loss, metrics: r.metrics });
    this.postMetrics();
  }

  // ---- probes and views ----

  private watching(): boolean {
    return this.watch.nodes !== null || this.watch.view !== null;
  }

  /** Computes probes and the open view from a host copy of the weights, unless one is in progress. */
  private async refreshWatch(): Promise<void> {
    const s = this.session;
    if (!s || !this.doc || this.watchBusy) return;
    this.lastWatch = this.deps.now();
    const doc = this.doc;
    const views = viewsFor({ doc });
    if (!this.watching()) return;
    this.watchBusy = true;
    const started = this.deps.now();
    try {
      const variables = await s.syncVariables();
      if (this.session !== s) return;
      const ctx: LiveContext = {
        doc,
        variables,
        datasets: s.datasets,
        seed: s.seed,
        step: s.step,
        run: this.run,
      };
      if (this.watch.nodes !== null) {
        const probes = computeProbes(ctx, {
          nodes: this.watch.nodes,
          gradients: this.watch.gradients,
          batch: 32,
        });
        if (probes) this.deps.post({ type: "probes", probes });
        for (const w of probes?.warnings ?? []) this.deps.post({ type: "warning", warning: w });
      }
      const kind = this.watch.view ?? views[0];
      if (this.watch.view !== null && kind) {
        const view = computeOutputView(ctx, kind);
        if (view) this.deps.post({ type: "view", view });
      }
    } finally {
      this.watchBusy = false;
      const cost = this.deps.now() - started;
      this.watchGap = Math.max(WATCH_MS, (cost * (1 - WATCH_SHARE)) / WATCH_SHARE);
    }
  }

  /** A WebGPU run failed and went on on the CPU: the page says so, in words. */
  private fellBack(s: LiveTrainSession, e: FallbackEvent): void {
    if (this.session !== s) return;
    this.deps.post({
      type: "fallback",
      run: this.run,
      backend: "cpu",
      reason: fallbackSentence(e),
      cause: e.message,
      step: e.step,
      resumedFrom: e.resumedFrom,
    });
    this.postState();
  }

  // ---- messages out ----

  private setPhase(phase: RunPhase): void {
    this.phase = phase;
    this.postState();
  }

  private progress(task: string | null, fraction: number | null): void {
    this.deps.post({ type: "progress", task: task ?? "", fraction });
  }

  private notice(message: string): void {
    this.deps.post({ type: "warning", warning: { kind: "notice", message } });
  }

  private postMetrics(): void {
    if (this.pendingPoints.length === 0) return;
    this.deps.post({ type: "metrics", run: this.run, points: this.pendingPoints });
    this.pendingPoints = [];
  }

  private postState(): void {
    const s = this.session;
    const hyper: Record<string, number> = {};
    for (const h of s?.program.hyper.values() ?? []) if (h.param !== "step") hyper[h.name] = h.value;
    this.deps.post({
      type: "state",
      phase: this.phase,
      step: s?.step ?? this.kept?.step ?? 0,
      run: this.run,
      stepsPerSecond: this.running ? this.rate.perSecond : 0,
      stepsPerEpoch: this.stepsPerEpoch(s),
      budget: this.doc?.training?.steps ?? null,
      hyper,
      views: this.doc ? viewsFor({ doc: this.doc }) : [],
    });
  }
}

/**
 * The page's sentence for a fallback, short enough for two lines on a projector, e.g.
 * "WebGPU failed at step 412 (device lost). Training continued on the CPU from the weights of
 * step 400, replaying the 12 steps since; no weights were lost." The failure's own message
 * reads "WebGPU <kind> at step <n>: <detail>" (backends/webgpu/lost.ts): the kind goes in the
 * sentence, the detail only in the message's `cause`; any other message is quoted.
 */
export function fallbackSentence(e: FallbackEvent): string {
  const m = /^WebGPU (.+?) at step \d+: /.exec(e.message);
  let cause = m ? m[1] : e.message;
  if (cause.length > 80) cause = `${cause.slice(0, 79)}…`;
  const n = e.step - e.resumedFrom;
  const replay = n > 0 ? `, replaying the ${n === 1 ? "step" : `${n} steps`} since` : "";
  return `WebGPU failed at step ${e.step} (${cause}). Training continued on the CPU from the weights of step ${e.resumedFrom}${replay}; no weights were lost.`;
}
