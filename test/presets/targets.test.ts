import { describe, expect, it } from "vitest";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { withTrainedWeights } from "../../src/train/export-weights";
import { gradPass } from "../../src/train/gradPass";
import type { TrainSession } from "../../src/train/session";
import { loadPreset, newSession, scalar, trainDoc, trainPreset, withParams } from "./helpers";

// Each preset trained on the CPU for its stated budget (training.steps) against the target its
// meta.target states. The MNIST presets have files of their own so that Vitest runs them in parallel.

const accuracy = (s: TrainSession, split: "train" | "test") => s.evaluate(split).metrics.accuracy;

describe("presets reach their stated targets (CPU)", () => {
  it("linear-regression: recovers w ≈ 2, b ≈ 1 and test MSE < 0.05 in 300 steps", () => {
    const s = trainPreset("linear-regression", 300);
    expect(Math.abs(scalar(s, "fc.weight") - 2)).toBeLessThan(0.1);
    expect(Math.abs(scalar(s, "fc.bias") - 1)).toBeLessThan(0.1);
    expect(s.evaluate("test").loss).toBeLessThan(0.05);
  });

  it("logistic-regression: test accuracy ≥ 95 % in 200 steps, boundary perpendicular to the diagonal", () => {
    const s = trainPreset("logistic-regression", 200);
    expect(accuracy(s, "test")).toBeGreaterThanOrEqual(0.95);
    const [w1, w2] = s.variables.get("fc.weight")!;
    expect(w1).toBeGreaterThan(0);
    expect(w1 / w2).toBeGreaterThan(1 / 1.3);
    expect(w1 / w2).toBeLessThan(1.3);
  });

  it("xor-mlp: train accuracy ≥ 95 % within 500 steps", () => {
    expect(accuracy(trainPreset("xor-mlp", 500), "train")).toBeGreaterThanOrEqual(0.95);
  });

  it("spiral-mlp: train accuracy ≥ 95 % within 2000 steps", () => {
    expect(accuracy(trainPreset("spiral-mlp", 2000), "train")).toBeGreaterThanOrEqual(0.95);
  });

  it("circles-mlp: train accuracy ≥ 95 % within 300 steps", () => {
    expect(accuracy(trainPreset("circles-mlp", 300), "train")).toBeGreaterThanOrEqual(0.95);
  });

  it("regularisation: the L2 penalty turns an overfit (train MSE < 0.02, test > 0.15) into test MSE < 0.13", () => {
    const overfitDoc = loadPreset("regularisation-overfit");
    const overfit = trainDoc(overfitDoc, 1500);
    expect(overfit.evaluate("train").samples).toBe(20);
    const raw = { train: overfit.evaluate("train").loss!, test: overfit.evaluate("test").loss! };
    expect(raw.train).toBeLessThan(0.02);
    expect(raw.test).toBeGreaterThan(0.15);

    const penalised = trainDoc(loadPreset("regularisation"), 1500);
    // The same network without the penalty block, on the penalised run's weights: the plain MSE.
    const mse = newSession(overfitDoc, penalised.variables);
    const l2 = { train: mse.evaluate("train").loss!, test: mse.evaluate("test").loss! };
    expect(l2.train).toBeGreaterThan(raw.train);
    expect(l2.test).toBeLessThan(0.13);
    expect(l2.test).toBeLessThan(raw.test - 0.05);
  });

  it("autodiff-scalar: df/dx = 2·cos(1) + 2 and df/dy = sin(1)", () => {
    const r = gradPass(loadPreset("autodiff-scalar"), { loadDataset: nodeDatasetLoader });
    expect(r.loss).toBeCloseTo(Math.sin(1) * 2 + 1, 5);
    expect(r.grads.get("x")!.get("value")!.data[0]).toBeCloseTo(2 * Math.cos(1) + 2, 5);
    expect(r.grads.get("y")!.get("value")!.data[0]).toBeCloseTo(Math.sin(1), 5);
  });

  it("optimisers: Adam, momentum and RMSprop reach the minimum region of the valley; plain SGD does not", () => {
    const points = ["sgd", "momentum", "rmsprop", "adam"];
    const reached: Record<string, number | undefined> = {};
    const distance = (s: TrainSession, p: string) => {
      const [x, y] = s.variables.get(`p_${p}.value`)!;
      return Math.hypot(x - 1, y - 1);
    };
    const s = trainDoc(loadPreset("optimisers"), 1000, (t) => {
      for (const p of points) if (reached[p] === undefined && distance(t, p) < 0.25) reached[p] = t.step;
    });
    expect(reached.sgd).toBeUndefined();
    expect(distance(s, "sgd")).toBeGreaterThan(0.3);
    for (const p of ["momentum", "rmsprop", "adam"]) expect(reached[p], p).toBeLessThanOrEqual(1000);
    expect(reached.adam!).toBeLessThan(Math.min(reached.momentum!, reached.rmsprop!));
    // Every optimiser moved only its own point, down the same surface.
    expect(s.program.optimizers.map((o) => o.variables)).toEqual(points.map((p) => [`p_${p}.value`]));
  });

  it("monte-carlo: μ → 3, σ² → ½, and the 100-sample estimate is within 0.25 of its exact value", () => {
    const s = trainPreset("monte-carlo", 300);
    const mu = scalar(s, "mu.value");
    const variance = Math.exp(scalar(s, "logvar.value"));
    expect(Math.abs(mu - 3)).toBeLessThan(0.15);
    expect(Math.abs(variance - 0.5)).toBeLessThan(0.15);
    // A step with lr 0 draws fresh samples and leaves μ and σ where they are.
    s.setHyper("opt.lr", 0);
    const estimate = s.trainStep().loss;
    expect(scalar(s, "mu.value")).toBe(mu);
    expect(Math.abs(estimate - ((mu - 3) ** 2 + variance))).toBeLessThan(0.25);
  });

  it("gumbel-softmax: with τ annealed 2 → 1 → 0.5, the learned distribution puts ≥ 0.9 on card 3", () => {
    const doc = loadPreset("gumbel-softmax");
    let s: TrainSession | undefined;
    for (const tau of [2, 1, 0.5]) {
      // Lowering τ in the inspector recompiles and keeps the weights and the optimiser state.
      s = newSession(withParams(doc, "sample", { tau }), s?.variables);
      for (let i = 0; i < 100; i++) s.trainStep();
    }
    const logits = Array.from(s!.variables.get("logits.value")!);
    const z = logits.reduce((a, l) => a + Math.exp(l), 0);
    const probs = logits.map((l) => Math.exp(l) / z);
    expect(probs[3]).toBeGreaterThanOrEqual(0.9);
  });

  it("rnn-sine: test MSE < 0.01 within 300 steps", () => {
    expect(trainPreset("rnn-sine", 300).evaluate("test").loss).toBeLessThan(0.01);
  });

  it("embeddings: test accuracy ≥ 95 % within 300 steps, tokens clustered by group", () => {
    const s = trainPreset("embeddings", 300);
    expect(accuracy(s, "test")).toBeGreaterThanOrEqual(0.95);
    const w = s.variables.get("embed.weight")!;
    const point = (t: number) => [w[2 * t], w[2 * t + 1]];
    const centroid = (g: number) =>
      [0, 1].map((d) => [0, 1, 2, 3].reduce((a, k) => a + point(4 * g + k)[d], 0) / 4);
    const centroids = [0, 1, 2, 3].map(centroid);
    for (let t = 0; t < 16; t++) {
      const [x, y] = point(t);
      const d = centroids.map(([cx, cy]) => Math.hypot(x - cx, y - cy));
      expect(d.indexOf(Math.min(...d)), `token ${t}`).toBe(Math.floor(t / 4));
    }
  });

  it("gan-2d: the generated points move onto the line y = 2x + 1 in 1000 steps", () => {
    const doc = loadPreset("gan-2d");
    /** Statistics of 1,000 generated points, on the session's current weights. */
    const generated = (s: TrainSession) => {
      const d = withTrainedWeights(doc, s, {});
      d.training = { ...d.training!, batch_size: 1000, seed: 1 };
      const f = gradPass(d, { loadDataset: nodeDatasetLoader }).outputs.get("g2")!.data;
      const n = f.length / 2;
      let dist = 0;
      let mx = 0;
      let my = 0;
      for (let i = 0; i < n; i++) {
        dist += Math.abs(f[2 * i + 1] - 2 * f[2 * i] - 1) / Math.sqrt(5);
        mx += f[2 * i] / n;
        my += f[2 * i + 1] / n;
      }
      let vx = 0;
      for (let i = 0; i < n; i++) vx += (f[2 * i] - mx) ** 2 / n;
      return { dist: dist / n, my, sx: Math.sqrt(vx) };
    };
    const s = newSession(doc);
    expect(generated(s).dist).toBeGreaterThan(0.3);
    for (let i = 0; i < 1000; i++) s.trainStep();
    const g = generated(s);
    expect(g.dist).toBeLessThan(0.1);
    expect(Math.abs(g.my - 1)).toBeLessThan(0.2);
    expect(Math.abs(g.sx - 1 / Math.sqrt(3))).toBeLessThan(0.15);
  });
});
