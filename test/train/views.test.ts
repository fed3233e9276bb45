// Output views: every preset gets at least one fitting view, each view computes data of the
// right shapes from a live run, and the views say true things about the model (a trained
// spiral's boundary classifies its points, a confusion matrix counts the images it covers).
import { beforeEach, describe, expect, it } from "vitest";
import type { LiveContext, OutputView, OutputViewKind } from "../../src/train/live/types";
import { computeOutputView, resetHistory, viewsFor } from "../../src/train/live/views";
import type { TrainSession } from "../../src/train/session";
import { loadPreset, newSession, presetFiles, trainDoc } from "../presets/helpers";

const contextOf = (s: TrainSession, run = 1): LiveContext => ({
  doc: s.doc,
  variables: s.variables,
  datasets: s.datasets,
  seed: s.seed,
  step: s.step,
  run,
});

function view<K extends OutputViewKind>(s: TrainSession, kind: K): Extract<OutputView, { kind: K }> {
  const v = computeOutputView(contextOf(s), kind);
  if (!v || v.kind !== kind) throw new Error(`no ${kind} view`);
  return v as Extract<OutputView, { kind: K }>;
}

const finite = (a: ArrayLike<number>) => Array.from(a).every(Number.isFinite);

/** What each preset is expected to show first: a new preset must be added here with its view. */
const FIRST_VIEW: Record<string, OutputViewKind> = {
  "autodiff-scalar": "loss-surface",
  "circles-mlp": "decision-boundary",
  embeddings: "embedding-scatter",
  "gan-2d": "samples-2d",
  "gumbel-softmax": "categorical",
  "linear-regression": "fit-curve",
  "logistic-regression": "decision-boundary",
  "mnist-cnn": "image-predictions",
  "mnist-mlp": "image-predictions",
  "monte-carlo": "traces",
  optimisers: "loss-surface",
  "regularisation-overfit": "fit-curve",
  regularisation: "fit-curve",
  "resnet-block": "image-predictions",
  "rnn-sine": "sequence",
  "spiral-mlp": "decision-boundary",
  "transfer-from-scratch": "image-predictions",
  "transfer-learning": "image-predictions",
  "vae-mnist": "generative",
  "xor-mlp": "decision-boundary",
};

/** Checks the arrays of a view against the sizes its fields announce. */
function checkShapes(v: OutputView): void {
  switch (v.kind) {
    case "decision-boundary":
      expect(v.grid.length).toBe(v.res * v.res);
      expect(v.points.x.length).toBe(2 * v.points.y.length);
      expect(v.points.split.length).toBe(v.points.y.length);
      expect(v.extent[1]).toBeGreaterThan(v.extent[0]);
      expect(v.extent[3]).toBeGreaterThan(v.extent[2]);
      break;
    case "fit-curve":
      expect(v.ys.length).toBe(v.xs.length);
      expect(v.points.x.length).toBe(v.points.y.length);
      expect(finite(v.ys)).toBe(true);
      break;
    case "image-predictions":
      expect(v.images.length).toBe(v.truth.length * v.h * v.w);
      expect(v.predicted.length).toBe(v.truth.length);
      expect(v.confusion.length).toBe(v.classes * v.classes);
      expect(v.accuracy).toBeGreaterThanOrEqual(0);
      expect(v.accuracy).toBeLessThanOrEqual(1);
      break;
    case "generative":
      expect(v.samples.length).toBe(v.side! * v.side! * v.h * v.w);
      expect(v.latent.length).toBe(2 * v.labels.length);
      expect(finite(v.latent)).toBe(true);
      break;
    case "loss-surface":
      expect(v.grid.length).toBe(v.res * v.res);
      expect(finite(v.grid)).toBe(true);
      expect(v.trajectories.length).toBeGreaterThan(0);
      for (const t of v.trajectories) expect(t.points.length % 2).toBe(0);
      break;
    case "sequence":
      expect(v.truth.length).toBe(v.windows! * (v.inputLength! + 1));
      expect(v.predicted.length).toBe(v.windows! * v.inputLength!);
      break;
    case "embedding-scatter":
      expect(v.points.length).toBe(2 * v.labels.length);
      break;
    case "samples-2d":
      expect(v.real.length % 2).toBe(0);
      expect(v.generated.length).toBe(v.real.length);
      break;
    case "categorical":
      expect(v.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(v.history.probs.length).toBe(v.history.steps.length * v.probs.length);
      break;
    case "traces":
      expect(v.traces.length).toBeGreaterThan(0);
      for (const t of v.traces) expect(t.points.length % 2).toBe(0);
      break;
  }
}

beforeEach(() => resetHistory());

describe("every preset has a view that fits it", () => {
  const names = presetFiles().map((f) => f.replace(/\.json$/, ""));
  it("lists every preset in FIRST_VIEW", () => {
    expect(names.filter((n) => !(n in FIRST_VIEW))).toEqual([]);
  });
  for (const name of names) {
    it(`${name}: ${FIRST_VIEW[name] ?? "?"} first, and every fitting view computes`, () => {
      const doc = loadPreset(name);
      const kinds = viewsFor({ doc });
      expect(kinds.length).toBeGreaterThan(0);
      expect(kinds[0]).toBe(FIRST_VIEW[name]);
      const s = newSession(doc);
      s.trainStep();
      for (const kind of kinds) {
        const v = computeOutputView(contextOf(s), kind);
        expect(v?.kind).toBe(kind);
        expect(v!.step).toBe(1);
        checkShapes(v!);
      }
    }, 60_000);
  }
});

describe("the views say true things about the model", () => {
  /** Share of training points whose grid cell predicts their label. */
  function boundaryAgreement(v: Extract<OutputView, { kind: "decision-boundary" }>): {
    share: number;
    n: number;
  } {
    const [x0, x1, y0, y1] = v.extent;
    let agree = 0;
    let n = 0;
    for (let i = 0; i < v.points.y.length; i++) {
      if (v.points.split[i] !== 0) continue;
      const col = Math.min(v.res - 1, Math.floor(((v.points.x[2 * i] - x0) / (x1 - x0)) * v.res));
      const row = Math.min(v.res - 1, Math.floor(((y1 - v.points.x[2 * i + 1]) / (y1 - y0)) * v.res));
      const predicted = v.grid[row * v.res + col] > 0.5 ? 1 : 0;
      if (predicted === v.points.y[i]) agree++;
      n++;
    }
    return { share: agree / n, n };
  }

  it("a trained spiral's decision boundary classifies the training points as their labels", () => {
    // 1,000 steps: at 300 the network itself is right on only about 68 % of the points.
    const s = trainDoc(loadPreset("spiral-mlp"), 1000);
    const { share, n } = boundaryAgreement(view(s, "decision-boundary"));
    expect(n).toBe(320);
    expect(share).toBeGreaterThanOrEqual(0.9);
    // The picture tells what the model does: it agrees with the model's own accuracy.
    expect(Math.abs(share - s.evaluate("train").metrics.accuracy)).toBeLessThan(0.03);
  }, 60_000);

  it("an untrained spiral's boundary does not pass that check", () => {
    const s = newSession(loadPreset("spiral-mlp"));
    expect(boundaryAgreement(view(s, "decision-boundary")).share).toBeLessThan(0.75);
  });

  it("the fitted line of linear regression approaches y = 2x + 1", () => {
    const s = trainDoc(loadPreset("linear-regression"), 300);
    const v = view(s, "fit-curve");
    for (let i = 0; i < v.xs.length; i += 20)
      expect(Math.abs(v.ys[i] - (2 * v.xs[i] + 1))).toBeLessThan(0.15);
    expect(Array.from(v.points.split!).filter((t) => t === 1).length).toBe(20);
  });

  it("a confusion matrix counts every evaluated test image once, and agrees with the accuracy", () => {
    const s = trainDoc(loadPreset("mnist-mlp"), 60);
    const v = view(s, "image-predictions");
    const total = v.confusion.reduce((a, b) => a + b, 0);
    expect(total).toBe(v.evaluated);
    let diagonal = 0;
    for (let k = 0; k < v.classes; k++) diagonal += v.confusion[k * v.classes + k];
    expect(diagonal / total).toBeCloseTo(v.accuracy, 6);
    expect(v.accuracy).toBeGreaterThan(0.5);
    // The grid's marks agree with its labels.
    const wrong = Array.from(v.truth).filter((t, i) => t !== v.predicted[i]).length;
    expect(wrong).toBeLessThan(v.truth.length);
    expect(v.images.every((p) => p >= 0 && p <= 1)).toBe(true);
  }, 120_000);

  it("transfer learning labels its classes with the original digits", () => {
    const s = newSession(loadPreset("transfer-learning"));
    expect(view(s, "image-predictions").classNames).toEqual(["5", "6", "7", "8", "9"]);
  }, 60_000);

  it("the optimisers' trajectories start together and Adam's ends near (1, 1) on a Rosenbrock surface", () => {
    const s = newSession(loadPreset("optimisers"));
    const ctx = () => contextOf(s);
    computeOutputView(ctx(), "loss-surface");
    for (let i = 0; i < 600; i++) {
      s.trainStep();
      if (i % 20 === 0) computeOutputView(ctx(), "loss-surface");
    }
    const v = view(s, "loss-surface");
    expect(v.trajectories.map((t) => t.name)).toEqual(["p_sgd", "p_momentum", "p_rmsprop", "p_adam"]);
    for (const t of v.trajectories) expect([t.points[0], t.points[1]]).toEqual([0, 0]);
    const adam = v.trajectories[3].points;
    const [ax, ay] = [adam[adam.length - 2], adam[adam.length - 1]];
    expect(Math.hypot(ax - 1, ay - 1)).toBeLessThan(0.25);
    expect(adam.length / 2).toBeGreaterThan(20);
    // The grid is Rosenbrock's f: its smallest cell is near (1, 1), and f there is near 0.
    let best = 0;
    for (let i = 1; i < v.grid.length; i++) if (v.grid[i] < v.grid[best]) best = i;
    const [x0, x1, y0, y1] = v.extent;
    const bx = x0 + ((best % v.res) + 0.5) * ((x1 - x0) / v.res);
    const by = y1 - (Math.floor(best / v.res) + 0.5) * ((y1 - y0) / v.res);
    expect(Math.abs(bx - 1)).toBeLessThan(0.3);
    expect(Math.abs(by - 1)).toBeLessThan(0.5);
  }, 60_000);

  it("autodiff-scalar's surface is f(x, y) = sin(x)·y + x² with the gradient at (1, 2)", () => {
    const s = newSession(loadPreset("autodiff-scalar"));
    const v = view(s, "loss-surface");
    expect(v.axes).toEqual(["x", "y"]);
    const [x0, x1, y0, y1] = v.extent;
    const row = 7;
    const col = 30;
    const x = x0 + ((col + 0.5) / v.res) * (x1 - x0);
    const y = y1 - ((row + 0.5) / v.res) * (y1 - y0);
    expect(v.grid[row * v.res + col]).toBeCloseTo(Math.sin(x) * y + x * x, 4);
    const g = v.trajectories[0].grad!;
    expect(g[0]).toBeCloseTo(Math.cos(1) * 2 + 2, 4);
    expect(g[1]).toBeCloseTo(Math.sin(1), 4);
  });

  it("a VAE's samples are pixel probabilities and its latent scatter has the test labels", () => {
    const s = newSession(loadPreset("vae-mnist"));
    const v = view(s, "generative");
    expect(v.samples.every((p) => p > 0 && p < 1)).toBe(true);
    expect(new Set(v.labels).size).toBe(10);
  }, 60_000);

  it("the embeddings scatter colours each token by its group", () => {
    const s = newSession(loadPreset("embeddings"));
    const v = view(s, "embedding-scatter");
    expect(Array.from(v.labels)).toEqual(Array.from({ length: 16 }, (_, i) => Math.floor(i / 4)));
    expect(Array.from(v.points)).toEqual(Array.from(s.variables.get("embed.weight")!));
  });

  it("gumbel-softmax's distribution piles onto card 3 as it trains, and keeps its history", () => {
    const s = newSession(loadPreset("gumbel-softmax"));
    const before = view(s, "categorical");
    expect(Array.from(before.probs)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2].map(Math.fround));
    for (let i = 0; i < 200; i++) s.trainStep();
    const after = view(s, "categorical");
    expect(after.probs[3]).toBeGreaterThan(0.5);
    expect(Array.from(after.history.steps)).toEqual([0, 200]);
  });

  it("monte-carlo's traces follow μ and the objective, and restart with a new run", () => {
    const s = newSession(loadPreset("monte-carlo"));
    for (let i = 0; i < 300; i++) {
      s.trainStep();
      if (i % 50 === 0) computeOutputView(contextOf(s), "traces");
    }
    const v = view(s, "traces");
    expect(v.traces.map((t) => t.name)).toEqual(["logvar", "mu", "estimate", "objective"]);
    const mu = v.traces[1].points;
    expect(mu.length / 2).toBe(7);
    expect(Math.abs(mu[mu.length - 1] - 3)).toBeLessThan(0.15);
    const fresh = computeOutputView(contextOf(newSession(loadPreset("monte-carlo")), 2), "traces");
    expect(fresh?.kind === "traces" && fresh.traces[1].points.length).toBe(2);
  });

  it("the GAN's real points lie on y = 2x + 1", () => {
    const s = newSession(loadPreset("gan-2d"));
    const v = view(s, "samples-2d");
    for (let i = 0; i < v.real.length; i += 2)
      expect(Math.abs(v.real[i + 1] - (2 * v.real[i] + 1))).toBeLessThan(0.3);
    expect(finite(v.generated)).toBe(true);
  });

  it("the sequence view's truth is the test window followed by its target", () => {
    const s = trainDoc(loadPreset("rnn-sine"), 150);
    const v = view(s, "sequence");
    const T = v.inputLength!;
    const ds = s.datasets.get("data")!;
    const first = ds.split.test[0];
    expect(Array.from(v.truth.subarray(0, T))).toEqual(Array.from(ds.x.subarray(first * T, (first + 1) * T)));
    expect(v.truth[T]).toBe(ds.y[first]);
    // After some training the one-step prediction is close to the truth.
    expect(Math.abs(v.predicted[0] - v.truth[T])).toBeLessThan(0.3);
  }, 60_000);

  it("a graph that fits no view gets none, and computing a view that does not fit gives null", () => {
    const doc = loadPreset("spiral-mlp");
    const s = newSession(doc);
    expect(computeOutputView(contextOf(s), "generative")).toBeNull();
  });
});
