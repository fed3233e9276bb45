// Probes: summaries, gradient norms, warnings and the plane view, each checked against a
// direct computation on the same probe batch.
import { describe, expect, it } from "vitest";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import type { GraphDoc } from "../../src/graph/doc";
import { gatherRows } from "../../src/train/batches";
import { computeProbes, ProbeMemory } from "../../src/train/live/probes";
import { deadFraction } from "../../src/train/live/probes/deadUnits";
import { gridPoints } from "../../src/train/live/probes/plane";
import { probeRows } from "../../src/train/live/probes/probeBatch";
import { summarize } from "../../src/train/live/probes/summary";
import type { LiveContext } from "../../src/train/live/types";
import { TrainSession } from "../../src/train/session";
import { doc, e, n } from "../helpers/docs";
import { loadPreset } from "../presets/helpers";

const BATCH = 16;

function session(d: GraphDoc): TrainSession {
  return new TrainSession(d, nodeDatasetLoader);
}

function ctxOf(s: TrainSession, d: GraphDoc = s.doc): LiveContext {
  return { doc: d, variables: s.variables, datasets: s.datasets, seed: s.seed, step: s.step };
}

/** y = x·Wᵀ + b for rows of x, as Linear computes it. */
function linear(
  x: ArrayLike<number>,
  rows: number,
  w: Float32Array,
  b: Float32Array,
  out: number,
): Float64Array {
  const inF = w.length / out;
  const y = new Float64Array(rows * out);
  for (let r = 0; r < rows; r++)
    for (let o = 0; o < out; o++) {
      let s = b[o];
      for (let i = 0; i < inF; i++) s += x[r * inF + i] * w[o * inF + i];
      y[r * out + o] = s;
    }
  return y;
}

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));

describe("summaries", () => {
  it("match a direct computation, count non-finite values apart and bin every finite one", () => {
    const data = Float32Array.from([1, 2, 3, 4, Number.NaN, 10, Number.POSITIVE_INFINITY, -2]);
    const s = summarize(data, [8], 6);
    const finite = [1, 2, 3, 4, 10, -2];
    const mean = finite.reduce((a, b) => a + b) / finite.length;
    const std = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
    expect(s.mean).toBeCloseTo(mean, 10);
    expect(s.std).toBeCloseTo(std, 10);
    expect([s.min, s.max, s.nonFinite]).toEqual([-2, 10, 2]);
    expect(s.hist).toEqual({ lo: -2, hi: 10, counts: [1, 1, 2, 1, 0, 1] });
  });

  it("of a node output equal the statistics of that output computed by hand", () => {
    const d = loadPreset("spiral-mlp");
    const s = session(d);
    for (let i = 0; i < 5; i++) s.trainStep();
    const snap = computeProbes(
      ctxOf(s),
      { nodes: ["fc1"], gradients: false, batch: BATCH },
      new ProbeMemory(),
    );
    const ds = s.datasets.get("data")!;
    const { x } = gatherRows(ds, probeRows(ds, BATCH, s.seed));
    const y = linear(x, BATCH, s.variables.get("fc1.weight")!, s.variables.get("fc1.bias")!, 16);
    const mean = y.reduce((a, b) => a + b) / y.length;
    const p = snap.nodes.fc1;
    expect(Object.keys(snap.nodes)).toEqual(["fc1"]);
    expect(p.value.shape).toEqual([BATCH, 16]);
    expect(p.value.mean).toBeCloseTo(mean, 4);
    expect(p.value.max).toBeCloseTo(Math.max(...y), 4);
    expect(p.value.min).toBeCloseTo(Math.min(...y), 4);
    expect(p.value.hist.counts.reduce((a, b) => a + b)).toBe(BATCH * 16);
  });

  it("pick a layout that fits the tensor: an image for MNIST pixels, bars for a layer, a scalar loss", () => {
    const d = loadPreset("mnist-mlp");
    const s = session(d);
    const snap = computeProbes(ctxOf(s), { nodes: [], gradients: false, batch: 4 }, new ProbeMemory());
    expect(snap.nodes.data.layout).toBe("image");
    expect(snap.nodes.data.sampleShape).toEqual([28, 28]);
    expect(snap.nodes.fc1.layout).toBe("vector");
    expect(snap.nodes.fc1.sampleShape).toEqual([32]);
    expect(snap.nodes.loss.layout).toBe("scalar");
    // The drawn image is sample 0's pixels.
    const ds = s.datasets.get("data")!;
    const { x } = gatherRows(ds, probeRows(ds, 4, s.seed));
    expect(Array.from(snap.nodes.data.sample)).toEqual(Array.from(x.subarray(0, 784)));
  });
});

describe("gradients", () => {
  // MSE on a linear model: d(mean((ŷ − y)²))/dŷ = 2(ŷ − y)/B, and ∇W = Σ_r (dŷ_r) x_r.
  it("along each wire and for each weight match the analytic gradient of a linear regression", () => {
    const d = loadPreset("linear-regression");
    const s = session(d);
    for (let i = 0; i < 3; i++) s.trainStep();
    const snap = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, new ProbeMemory());
    const ds = s.datasets.get("data")!;
    const { x, y } = gatherRows(ds, probeRows(ds, BATCH, s.seed));
    const w = s.variables.get("fc.weight")!;
    const b = s.variables.get("fc.bias")!;
    const pred = linear(x, BATCH, w, b, 1);
    const dPred = pred.map((p, r) => (2 * (p - y[r])) / BATCH);
    expect(snap.edges["fc.out->loss.input"]).toBeCloseTo(norm(dPred), 5);
    // The gradient w.r.t. the data is dŷ·w: one value per sample here.
    expect(snap.edges["data.x->fc.in"]).toBeCloseTo(norm(dPred.map((g) => g * w[0])), 5);
    expect(snap.edges["data.y->loss.target"]).toBeCloseTo(norm(dPred), 5); // −dŷ: MSE is differentiable in y
    const gw = dPred.reduce((acc, g, r) => acc + g * x[r], 0);
    const gb = dPred.reduce((acc, g) => acc + g, 0);
    const [pw, pb] = snap.params.fc;
    expect(pw.grad.norm).toBeCloseTo(Math.abs(gw), 5);
    expect(pb.grad.norm).toBeCloseTo(Math.abs(gb), 5);
    expect(snap.nodes.fc.grad?.norm).toBeCloseTo(norm(dPred), 5);
  });

  it("split at a fan-out: each wire carries its own share, and they add up to the source's gradient", () => {
    // h feeds two heads, each with its own loss: the objective is their sum.
    const d = doc(
      [
        n("data", "Dataset", { name: "linear", n_samples: 64, noise: 0.1, seed: 0 }),
        n("h", "Linear", { out_features: 3 }),
        n("head1", "Linear", { out_features: 1 }),
        n("head2", "Linear", { out_features: 1 }),
        n("loss1", "MSELoss"),
        n("loss2", "L1Loss"),
        n("opt", "SGD", { lr: 0.01 }),
      ],
      [
        e("data.x", "h.in"),
        e("h.out", "head1.in"),
        e("h.out", "head2.in"),
        e("head1.out", "loss1.input"),
        e("head2.out", "loss2.input"),
        e("data.y", "loss1.target"),
        e("data.y", "loss2.target"),
        e("loss1.loss", "opt.loss"),
      ],
      { batch_size: 8 },
    );
    const s = session(d);
    const snap = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, new ProbeMemory());
    const toHead = snap.edges["h.out->head1.in"];
    const toSq = snap.edges["h.out->head2.in"];
    expect(toHead).toBeGreaterThan(0);
    expect(toSq).toBeGreaterThan(0);
    expect(Math.abs(toHead - toSq)).toBeGreaterThan(1e-6);
    // ‖a + b‖ ≤ ‖a‖ + ‖b‖ with the sum being the gradient at h's output.
    const total = snap.nodes.h.grad!.norm;
    expect(total).toBeLessThanOrEqual(toHead + toSq + 1e-9);
    expect(total).toBeGreaterThan(Math.abs(toHead - toSq) - 1e-9);
  });

  it("report ‖Δw‖/‖w‖ per step between snapshots", () => {
    const d = loadPreset("spiral-mlp");
    const s = session(d);
    const mem = new ProbeMemory();
    const first = computeProbes(ctxOf(s), { nodes: [], gradients: false, batch: 4 }, mem);
    expect(first.params.fc1[0].updateSteps).toBe(0);
    const w0 = Float32Array.from(s.variables.get("fc1.weight")!);
    for (let i = 0; i < 2; i++) s.trainStep();
    const w2 = s.variables.get("fc1.weight")!;
    const snap = computeProbes(ctxOf(s), { nodes: [], gradients: false, batch: 4 }, mem);
    const expected = norm(w2.map((v, i) => v - w0[i])) / norm(w2) / 2;
    expect(snap.params.fc1[0].updateSteps).toBe(2);
    expect(snap.params.fc1[0].updateRatio).toBeCloseTo(expected, 8);
    expect(snap.params.fc1[0].updateRatio).toBeGreaterThan(0);
  });
});

describe("warnings", () => {
  it("pin a NaN on the first node whose output has one, and keep it there as it spreads", () => {
    const d = loadPreset("spiral-mlp");
    const s = session(d);
    const mem = new ProbeMemory();
    for (let i = 0; i < 3; i++) s.trainStep();
    expect(computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, mem).warnings).toEqual([]);
    s.variables.get("fc2.weight")![5] = Number.NaN;
    s.step = 7;
    const snap = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, mem);
    const nan = snap.warnings.filter((w) => w.kind === "nan");
    expect(nan).toHaveLength(1);
    expect(nan[0]).toMatchObject({ node: "fc2", port: "out", step: 7 });
    expect(nan[0].message).toContain("between steps 4 and 7");
    expect(snap.nodes.fc1.value.nonFinite).toBe(0);
    expect(snap.nodes.fc2.value.nonFinite).toBeGreaterThan(0);
    // Later every weight is NaN, fc1 included: the warning stays where it arose.
    s.variables.get("fc1.weight")![0] = Number.NaN;
    s.step = 9;
    const later = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, mem);
    expect(later.warnings.find((w) => w.kind === "nan")).toMatchObject({ node: "fc2", step: 7 });
  });

  it("find a NaN made inside the graph (the log of a negative) at that block, not upstream", () => {
    const d = doc(
      [
        n("data", "Dataset", { name: "linear", n_samples: 64, noise: 0.1, seed: 0 }),
        n("fc", "Linear", { out_features: 4 }),
        n("log", "Log"),
        n("head", "Linear", { out_features: 1 }),
        n("loss", "MSELoss"),
        n("opt", "SGD", { lr: 0.01 }),
      ],
      [
        e("data.x", "fc.in"),
        e("fc.out", "log.in"),
        e("log.out", "head.in"),
        e("head.out", "loss.input"),
        e("data.y", "loss.target"),
        e("loss.loss", "opt.loss"),
      ],
    );
    const s = session(d);
    s.variables.set("fc.bias", Float32Array.from([-100, -100, -100, -100]));
    const snap = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, new ProbeMemory());
    expect(snap.warnings.filter((w) => w.kind === "nan").map((w) => w.node)).toEqual(["log"]);
    expect(snap.warnings[0].message).toMatch(/NaN\/Inf first appears here at step 0/);
  });

  it("raise a NaN/Inf when the learning rate is far too high, where float32 first overflows", () => {
    const d = loadPreset("linear-regression");
    const hot = {
      ...d,
      nodes: d.nodes.map((x) => (x.id === "opt" ? { ...x, params: { ...x.params, lr: 1000 } } : x)),
    };
    const s = session(hot);
    const mem = new ProbeMemory();
    let found: ReturnType<typeof computeProbes>["warnings"][number] | undefined;
    for (let i = 0; i < 200 && !found; i++) {
      s.trainStep();
      found = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, mem).warnings.find(
        (w) => w.kind === "nan",
      );
    }
    // SGD at lr 1000 multiplies the error by ~−1000 each step: the prediction stays finite one
    // step longer than its square, so the first non-finite value is the loss's (ŷ − y)².
    expect(found).toBeDefined();
    expect(found!.node).toBe("loss");
    expect(found!.step).toBeGreaterThan(1);
    expect(found!.message).toContain(`at step ${found!.step}`);
  });

  it("count dead ReLU units over the batch and warn above half", () => {
    // [B=2, U=4]: unit 0 fires once, units 1–3 never.
    expect(deadFraction(Float32Array.from([0, -1, 0, -2, 3, 0, -1, 0]), [2, 4])).toBe(0.75);
    // Conv maps [B=1, C=2, H=1, W=2]: channel 1 fires at one position, so only channel 0 is dead.
    expect(deadFraction(Float32Array.from([-1, 0, 0, 2]), [1, 2, 1, 2])).toBe(0.5);

    const d = doc(
      [
        n("data", "Dataset", { name: "gaussians", n_samples: 64, noise: 1, seed: 0 }),
        n("fc", "Linear", { out_features: 4 }),
        n("act", "ReLU"),
        n("head", "Linear", { out_features: 2 }),
        n("loss", "CrossEntropyLoss"),
        n("opt", "SGD", { lr: 0.01 }),
      ],
      [
        e("data.x", "fc.in"),
        e("fc.out", "act.in"),
        e("act.out", "head.in"),
        e("head.out", "loss.input"),
        e("data.y", "loss.target"),
        e("loss.loss", "opt.loss"),
      ],
    );
    const s = session(d);
    // A bias far below anything x·w reaches silences three of the four units for every sample.
    s.variables.set("fc.bias", Float32Array.from([100, -1000, -1000, -1000]));
    const snap = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, new ProbeMemory());
    expect(snap.nodes.act.deadFraction).toBe(0.75);
    const w = snap.warnings.find((x) => x.kind === "dead-relu");
    expect(w).toMatchObject({ node: "act" });
    expect(w!.message).toContain("75 %");
    s.variables.set("fc.bias", Float32Array.from([100, 100, -1000, 100]));
    const ok = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, new ProbeMemory());
    expect(ok.nodes.act.deadFraction).toBe(0.25);
    expect(ok.warnings.some((x) => x.kind === "dead-relu")).toBe(false);
  });

  it("flag a vanishing gradient where a deep sigmoid stack loses it", () => {
    const layers = 8;
    const nodes = [n("data", "Dataset", { name: "spiral", n_samples: 100, noise: 0.1, seed: 0 })];
    const edges = [];
    let prev = "data.x";
    for (let i = 0; i < layers; i++) {
      nodes.push(n(`fc${i}`, "Linear", { out_features: 8 }), n(`s${i}`, "Sigmoid"));
      edges.push(e(prev, `fc${i}.in`), e(`fc${i}.out`, `s${i}.in`));
      prev = `s${i}.out`;
    }
    nodes.push(
      n("out", "Linear", { out_features: 2 }),
      n("loss", "CrossEntropyLoss"),
      n("opt", "SGD", { lr: 0.1 }),
    );
    edges.push(
      e(prev, "out.in"),
      e("out.out", "loss.input"),
      e("data.y", "loss.target"),
      e("loss.loss", "opt.loss"),
    );
    const s = session(doc(nodes, edges));
    // Small weights make every sigmoid's slope ≤ 1/4 with little gain: the gradient shrinks ~10× per layer.
    for (const [k, v] of s.variables) {
      if (k.endsWith(".weight")) for (let i = 0; i < v.length; i++) v[i] *= 0.3;
    }
    const snap = computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: BATCH }, new ProbeMemory());
    const w = snap.warnings.find((x) => x.kind === "vanishing-gradient");
    expect(w).toBeDefined();
    const rms = (id: string) =>
      snap.nodes[id].grad!.norm / Math.sqrt(snap.nodes[id].grad!.shape.reduce((a, b) => a * b));
    // Pinned where the ratio to the last layer first drops below 10⁻⁴, going back from the loss.
    const idx = Number(w!.node.slice(2));
    expect(rms(w!.node) / rms("out")).toBeLessThan(1e-4);
    if (idx < layers - 1) expect(rms(`fc${idx + 1}`) / rms("out")).toBeGreaterThanOrEqual(1e-4);
  });
});

describe("plane view", () => {
  it("gives each unit of a 2-D-input network its output over a res×res grid of the input plane", () => {
    const d = loadPreset("spiral-mlp");
    const s = session(d);
    const res = 12;
    const snap = computeProbes(
      ctxOf(s),
      { nodes: ["data", "fc1", "act1", "loss"], gradients: false, batch: 4, planeRes: res },
      new ProbeMemory(),
    );
    const plane = snap.nodes.fc1.plane!;
    expect(snap.nodes.fc1.layout).toBe("plane");
    expect([plane.res, plane.units, plane.values.length]).toEqual([res, 16, 16 * res * res]);
    expect(snap.nodes.data.plane!.units).toBe(2);
    expect(snap.nodes.loss.plane).toBeUndefined();
    // Unit u at grid cell (r, c) is fc1 evaluated at that point.
    const pts = gridPoints(res, plane.extent);
    const direct = linear(pts, res * res, s.variables.get("fc1.weight")!, s.variables.get("fc1.bias")!, 16);
    for (const [u, r, c] of [
      [0, 0, 0],
      [5, 3, 7],
      [15, 11, 11],
    ]) {
      const i = r * res + c;
      expect(plane.values[u * res * res + i]).toBeCloseTo(direct[i * 16 + u], 4);
    }
    // Row 0 is the top of the plane: larger y than the last row.
    expect(pts[1]).toBeGreaterThan(pts[(res * res - 1) * 2 + 1]);
    // The data's own plane: unit 0 is x, so it grows left to right.
    const dx = snap.nodes.data.plane!.values;
    expect(dx[res - 1]).toBeGreaterThan(dx[0]);
  });
});

describe("cost", () => {
  // The issue asks for a snapshot well under 50 ms on mnist-mlp. Wall-clock limits flake on a
  // shared CI machine, so the test holds it against the work it rides along with: a snapshot
  // (forward + one backward on 32 samples, summaries) must cost less than two training steps.
  it("of a full snapshot on mnist-mlp stays below two training steps", { timeout: 120_000 }, () => {
    const s = session(loadPreset("mnist-mlp"));
    const mem = new ProbeMemory();
    const probe = () => computeProbes(ctxOf(s), { nodes: [], gradients: true, batch: 32 }, mem);
    probe(); // compiles the probe program once
    const steps: number[] = [];
    const probes: number[] = [];
    for (let i = 0; i < 9; i++) {
      let t = performance.now();
      s.trainStep();
      steps.push(performance.now() - t);
      t = performance.now();
      probe();
      probes.push(performance.now() - t);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    console.log(
      `mnist-mlp: probe snapshot ${median(probes).toFixed(1)} ms, training step ${median(steps).toFixed(1)} ms (medians of 9)`,
    );
    expect(median(probes)).toBeLessThan(2 * median(steps));
  });
});
