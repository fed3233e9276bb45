// The page's side of the training worker: starts it, sends it the graph as it is edited and
// what the panels watch, and writes what it reports into the live store. The commands below
// are what the run dock, the keyboard and the tests call.
import type { GraphDoc } from "../../graph/doc";
import { DEFAULT_TRAINING } from "../../graph/doc";
import type { BackendChoice, FromWorker, ToWorker, WatchRequest } from "../../train/worker/protocol";
import { editor, live, view } from "../app/session";
import type { MetricPoint, RunRecord, Speed } from "../state/liveStore";

let worker: Worker | null = null;
let sentDoc: GraphDoc | null = null;
let sentGraph = "";
let sentWatch = "";

function send(msg: ToWorker): void {
  worker?.postMessage(msg);
}

/** True when an edit changed something a compiled program depends on (not just positions or the title). */
function programChanged(a: GraphDoc, b: GraphDoc): boolean {
  if (a.edges !== b.edges || a.training !== b.training || a.nodes.length !== b.nodes.length) return true;
  // Edits are immer drafts: a moved block keeps its params, weights and type objects.
  return a.nodes.some((n, i) => {
    const m = b.nodes[i];
    return (
      n.id !== m.id ||
      n.type !== m.type ||
      n.params !== m.params ||
      n.weights !== m.weights ||
      n.frozen !== m.frozen
    );
  });
}

function runName(id: number): string {
  const title = editor.getState().doc.meta.title ?? "Untitled graph";
  return `Run ${id} · ${title}`;
}

function onMessage(msg: FromWorker): void {
  const s = live.getState();
  switch (msg.type) {
    case "ready": {
      const patch: Partial<typeof s> = {
        backend: msg.backend,
        backendReason: msg.reason,
        backendFailure: null,
        error: null,
        errorNode: null,
      };
      if (msg.run !== s.run) {
        const record: RunRecord = {
          id: msg.run,
          name: runName(msg.run),
          backend: msg.backend,
          points: [],
          visible: true,
        };
        Object.assign(patch, {
          run: msg.run,
          points: [],
          runs: [...s.runs, record],
          probes: null,
          view: null,
        });
      } else {
        // Same run on another backend (the choice changed): its name says which it is now.
        patch.runs = s.runs.map((r) => (r.id === msg.run ? { ...r, backend: msg.backend } : r));
      }
      live.setState(patch);
      return;
    }
    case "fallback":
      // Training goes on: only the backend, and the sentence about it, change.
      live.setState({
        backend: msg.backend,
        backendReason: msg.reason,
        backendFailure: msg.cause,
        runs: s.runs.map((r) => (r.id === msg.run ? { ...r, backend: msg.backend } : r)),
      });
      view.getState().notify(msg.reason);
      return;
    case "progress":
      live.setState({ progress: msg.task ? { task: msg.task, fraction: msg.fraction } : null });
      return;
    case "metrics": {
      const runs = s.runs.map((r) =>
        r.id === msg.run ? { ...r, points: r.points.concat(msg.points as MetricPoint[]) } : r,
      );
      const current = runs.find((r) => r.id === s.run);
      live.setState({ runs, points: current?.points ?? s.points });
      return;
    }
    case "state":
      live.setState({
        phase: msg.phase,
        running: msg.phase === "running",
        step: msg.step,
        stepsPerSecond: msg.stepsPerSecond,
        stepsPerEpoch: msg.stepsPerEpoch,
        budget: msg.budget,
        hyper: msg.hyper,
        views: msg.views,
        ...(msg.phase === "running" ? { error: null, errorNode: null } : {}),
      });
      return;
    case "probes":
      live.setState({ probes: msg.probes });
      return;
    case "view":
      live.setState({ view: msg.view });
      return;
    case "warning":
      if (msg.warning.kind === "notice") {
        live.setState({ notice: msg.warning.message });
        view.getState().notify(msg.warning.message);
      }
      return;
    case "error":
      live.setState({ error: msg.message, errorNode: msg.node ?? null, progress: null });
      return;
  }
}

function watchRequest(): WatchRequest {
  const s = live.getState();
  const nodes = s.watchNodes ?? (s.overlay === "off" ? null : []);
  return { nodes, gradients: s.overlay === "gradients", view: s.viewKind };
}

function syncWatch(): void {
  const w = watchRequest();
  const key = JSON.stringify(w);
  if (key === sentWatch) return;
  sentWatch = key;
  send({ type: "watch", watch: w });
}

function syncDoc(): void {
  const { doc, graphId } = editor.getState();
  if (graphId !== sentGraph) {
    sentGraph = graphId;
    sentDoc = doc;
    send({ type: "load", doc, fresh: true, backend: live.getState().backendChoice });
    return;
  }
  if (sentDoc && !programChanged(sentDoc, doc)) return;
  sentDoc = doc;
  send({ type: "load", doc });
}

/** Starts the worker once for the page; returns a function that stops it (tests, hot reload). */
export function connectRun(): () => void {
  if (worker) return () => undefined;
  const w = new Worker(new URL("../../train/worker/worker.ts", import.meta.url), { type: "module" });
  worker = w;
  w.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  w.onerror = (e) => live.setState({ error: `The training worker failed: ${e.message}`, phase: "failed" });
  sentGraph = "";
  sentWatch = "";
  send({ type: "settings", settings: { speed: live.getState().speed } });
  syncDoc();
  syncWatch();
  const offEditor = editor.subscribe(syncDoc);
  const offLive = live.subscribe((s, prev) => {
    if (s.overlay !== prev.overlay || s.watchNodes !== prev.watchNodes || s.viewKind !== prev.viewKind)
      syncWatch();
  });
  return () => {
    offEditor();
    offLive();
    w.terminate();
    worker = null;
  };
}

// ---- commands ----

export function runTraining(): void {
  send({ type: "run" });
}

export function pauseTraining(): void {
  send({ type: "pause" });
}

export function toggleRun(): void {
  if (live.getState().running) pauseTraining();
  else runTraining();
}

export function stepOnce(): void {
  if (live.getState().running) return;
  send({ type: "step", count: 1 });
}

/** Fresh seeded weights: a new run, overlaid on the chart with the earlier ones. */
export function resetWeights(): void {
  send({ type: "reset" });
}

export function evaluateNow(): void {
  send({ type: "evaluate" });
}

export function setSpeed(speed: Speed): void {
  live.setState({ speed });
  send({ type: "settings", settings: { speed } });
}

export function setBackend(choice: BackendChoice): void {
  live.setState({ backendChoice: choice });
  send({ type: "load", doc: editor.getState().doc, backend: choice });
}

export function toggleRunVisible(id: number): void {
  live.setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, visible: !r.visible } : r)) }));
}

export type TrainingKey = "batch_size" | "seed" | "steps" | "test_fraction";

/** Training settings live in the GraphDoc: one undoable edit each, saved with the graph. */
export function setTraining(key: TrainingKey, value: number | undefined): void {
  editor.getState().edit(
    (d) => {
      const t = { ...DEFAULT_TRAINING, ...d.training };
      if (value === undefined) delete (t as { steps?: number }).steps;
      else t[key] = value;
      d.training = t;
    },
    { label: `set ${key.replace("_", " ")}`, coalesce: `training.${key}` },
  );
}
