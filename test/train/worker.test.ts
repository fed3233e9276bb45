// The training worker's logic, run in-process on the CPU executor with a fake port: what it
// posts for load, step, run/pause, a hyperparameter edit, a graph edit and a reset, and
// which weights survive a recompile.
import { describe, expect, it } from "vitest";
import { makeDataset } from "../../src/data/index";
import type { GraphDoc } from "../../src/graph/doc";
import { TrainSession } from "../../src/train/session";
import { fallbackSentence } from "../../src/train/worker/controller";
import { classifyChange } from "../../src/train/worker/docChange";
import { harness as anyHarness, edit, preset } from "./workerHarness";

/** Every session on the CPU: no device is opened. */
const harness = () => anyHarness({ force: "cpu" });

describe("the training worker's controller", () => {
  it("loads, says which backend and why, and evaluates the untrained net", async () => {
    const h = harness();
    await h.send({ type: "load", doc: preset("spiral-mlp"), fresh: true });
    const ready = h.of("ready");
    expect(ready).toEqual([
      { type: "ready", backend: "cpu", reason: "the CPU backend was requested", run: 1 },
    ]);
    expect(h.lastState()).toMatchObject({ phase: "paused", step: 0, run: 1, budget: 2000 });
    expect(h.lastState().hyper["opt.lr"]).toBe(0.01);
    const test0 = h.points().filter((p) => p.split === "test");
    expect(test0).toHaveLength(1);
    // Two balanced classes, untrained: cross-entropy near ln 2.
    expect(test0[0].loss).toBeGreaterThan(0.6);
    expect(test0[0].loss).toBeLessThan(0.8);
  });

  it("steps exactly as asked and logs the partial window", async () => {
    const h = harness();
    await h.send({ type: "load", doc: preset("spiral-mlp"), fresh: true });
    await h.send({ type: "step", count: 3 });
    expect(h.lastState().step).toBe(3);
    expect(h.sessions[0].step).toBe(3);
    const train = h.points().filter((p) => p.split === "train");
    expect(train.at(-1)!.step).toBe(3);
    await h.send({ type: "step" });
    expect(h.lastState().step).toBe(4);
  });

  it("runs until paused, and the loss falls", async () => {
    const h = harness();
    const doc = edit(preset("spiral-mlp"), "opt", { lr: 0.03 });
    await h.send({ type: "load", doc, fresh: true });
    await h.send({ type: "settings", settings: { speed: "max" } });
    await h.send({ type: "run" });
    expect(h.of("state").some((s) => s.phase === "running")).toBe(true);
    while (h.sessions[0].step < 400) await new Promise((r) => setTimeout(r, 20));
    await h.send({ type: "pause" });
    await h.c.stopped();
    const stopped = h.sessions[0].step;
    expect(h.lastState()).toMatchObject({ phase: "paused", step: stopped });
    await new Promise((r) => setTimeout(r, 50));
    expect(h.sessions[0].step).toBe(stopped);
    const test = h.points().filter((p) => p.split === "test");
    expect(test.at(-1)!.step).toBe(stopped);
    expect(test.at(-1)!.loss).toBeLessThan(test[0].loss * 0.8);
  });

  it("takes a new learning rate without recompiling, and keeps the step", async () => {
    const h = harness();
    const doc = preset("spiral-mlp");
    await h.send({ type: "load", doc, fresh: true });
    await h.send({ type: "step", count: 5 });
    await h.send({ type: "load", doc: edit(doc, "opt", { lr: 0.002 }) });
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0].program.hyper.get("opt.lr")!.value).toBe(0.002);
    expect(h.lastState()).toMatchObject({ step: 5, run: 1 });
    expect(h.lastState().hyper["opt.lr"]).toBe(0.002);
  });

  it("recompiles on a graph edit, keeping every weight whose shape stayed", async () => {
    const h = harness();
    const doc = preset("spiral-mlp");
    await h.send({ type: "load", doc, fresh: true });
    await h.send({ type: "step", count: 20 });
    const before = new Map(await h.sessions[0].syncVariables());
    await h.send({ type: "load", doc: edit(doc, "fc2", { out_features: 8 }) });
    expect(h.sessions).toHaveLength(2);
    const after = await h.sessions[1].syncVariables();
    // fc1 is untouched; fc2 and the layer after it changed shape and start afresh.
    expect([...after.get("fc1.weight")!]).toEqual([...before.get("fc1.weight")!]);
    expect(after.get("fc2.weight")!.length).toBe(8 * 16);
    expect(after.get("out.weight")!.length).toBe(2 * 8);
    // Adam's running means for fc1 came along too, and the step count goes on.
    expect([...after.get("opt.exp_avg:fc1.weight")!]).toEqual([...before.get("opt.exp_avg:fc1.weight")!]);
    expect(h.lastState()).toMatchObject({ step: 20, run: 1, phase: "paused" });
  });

  it("pauses a running session when the graph is edited, and says so", async () => {
    const h = harness();
    const doc = preset("spiral-mlp");
    await h.send({ type: "load", doc, fresh: true });
    await h.send({ type: "run" });
    await new Promise((r) => setTimeout(r, 100));
    await h.send({ type: "load", doc: edit(doc, "loss", { label_smoothing: 0.05 }) });
    expect(h.lastState().phase).toBe("paused");
    const notices = h.of("warning").map((w) => w.warning.message);
    expect(notices.some((m) => m.startsWith("Paused: the graph changed"))).toBe(true);
    // Every weight kept: the edit changed no shape.
    const [a, b] = await Promise.all(h.sessions.map((s) => s.syncVariables()));
    for (const [name, v] of b) expect([...v], name).toEqual([...a.get(name)!]);
  });

  it("reports a graph that cannot compile, and keeps the weights for when it is fixed", async () => {
    const h = harness();
    const doc = preset("spiral-mlp");
    await h.send({ type: "load", doc, fresh: true });
    await h.send({ type: "step", count: 10 });
    const trained = [...(await h.sessions[0].syncVariables()).get("fc1.weight")!];
    const broken = structuredClone(doc);
    broken.edges = broken.edges.filter((e) => e.target.node !== "act1");
    await h.send({ type: "load", doc: broken });
    const err = h.of("error").at(-1)!;
    expect(err.node).toBe("act1");
    expect(h.lastState().phase).toBe("invalid");
    await h.send({ type: "load", doc });
    expect([...(await h.sessions.at(-1)!.syncVariables()).get("fc1.weight")!]).toEqual(trained);
    expect(h.lastState()).toMatchObject({ phase: "paused", step: 10 });
  });

  it("starts a new run from seeded weights on reset", async () => {
    const h = harness();
    await h.send({ type: "load", doc: preset("spiral-mlp"), fresh: true });
    const initial = [...(await h.sessions[0].syncVariables()).get("fc1.weight")!];
    await h.send({ type: "step", count: 10 });
    await h.send({ type: "reset" });
    expect(h.of("ready").map((r) => r.run)).toEqual([1, 2]);
    expect(h.lastState()).toMatchObject({ step: 0, run: 2 });
    expect([...(await h.sessions[1].syncVariables()).get("fc1.weight")!]).toEqual(initial);
    expect(h.of("metrics").at(-1)!.run).toBe(2);
  });

  it("a recompile goes on from the step it reached: the weights are those of one unbroken run", async () => {
    const h = harness();
    const doc = preset("spiral-mlp");
    await h.send({ type: "load", doc, fresh: true });
    await h.send({ type: "step", count: 20 });
    // Another backend choice recompiles the same graph, keeping the weights and the step.
    await h.send({ type: "load", doc, backend: "cpu" });
    expect(h.sessions).toHaveLength(2);
    expect(h.requests).toEqual(["auto", "cpu"]);
    expect(h.sessions[1].step).toBe(20);
    await h.send({ type: "step", count: 5 });
    expect(h.lastState().step).toBe(25);
    expect(
      h
        .points()
        .filter((p) => p.split === "train")
        .at(-1)!.step,
    ).toBe(25);
    // Steps 21–25 ran with step counter 20–24: the same batches and the same Adam bias
    // correction as an uninterrupted run, so the weights agree bit for bit.
    const ref = new TrainSession(doc, (n, a) => makeDataset(n, a));
    for (let k = 0; k < 25; k++) ref.trainStep();
    const got = await h.sessions[1].syncVariables();
    for (const [name, v] of ref.variables) expect([...got.get(name)!], name).toEqual([...v]);
  });

  it("a new graph takes the backend its load message names", async () => {
    const h = harness();
    await h.send({ type: "load", doc: preset("spiral-mlp"), fresh: true, backend: "webgpu" });
    await h.send({ type: "load", doc: preset("xor-mlp"), fresh: true });
    expect(h.requests).toEqual(["webgpu", "webgpu"]);
  });

  it("says in words what a fallback did", () => {
    expect(
      fallbackSentence({
        step: 412,
        resumedFrom: 400,
        message: "WebGPU device lost at step 412: destroyed (Device was destroyed.)",
      }),
    ).toBe(
      "WebGPU failed at step 412 (device lost). Training continued on the CPU from the weights of step 400, replaying the 12 steps since; no weights were lost.",
    );
    expect(fallbackSentence({ step: 7, resumedFrom: 7, message: "something odd" })).toBe(
      "WebGPU failed at step 7 (something odd). Training continued on the CPU from the weights of step 7; no weights were lost.",
    );
  });

  it("stops at the step budget", async () => {
    const h = harness();
    const doc = preset("spiral-mlp");
    doc.training = { ...doc.training!, steps: 30 };
    await h.send({ type: "load", doc, fresh: true });
    await h.send({ type: "settings", settings: { speed: "max" } });
    await h.send({ type: "run" });
    await h.c.stopped();
    expect(h.lastState()).toMatchObject({ phase: "paused", step: 30 });
  });
});

describe("what an edit means to a running session", () => {
  const doc = preset("spiral-mlp");
  const program = harnessProgram(doc);

  it("moving a block or renaming the graph means nothing", () => {
    const moved = structuredClone(doc);
    moved.nodes[0].position = { x: 999, y: 5 };
    moved.meta.title = "renamed";
    expect(classifyChange(doc, moved, program)).toEqual({ kind: "none" });
  });

  it("an optimiser setting is a hyperparameter, named as the program feeds it", () => {
    expect(classifyChange(doc, edit(doc, "opt", { lr: 0.5 }), program)).toEqual({
      kind: "hyper",
      values: [{ name: "opt.lr", value: 0.5 }],
    });
    const betas = classifyChange(doc, edit(doc, "opt", { betas: [0.8, 0.99] }), program);
    expect(betas).toEqual({
      kind: "hyper",
      values: [
        { name: "opt.beta1", value: 0.8 },
        { name: "opt.beta2", value: 0.99 },
      ],
    });
  });

  it("a loss setting, a layer size or a training setting recompiles", () => {
    expect(classifyChange(doc, edit(doc, "loss", { label_smoothing: 0.1 }), program).kind).toBe("rebuild");
    expect(classifyChange(doc, edit(doc, "fc1", { out_features: 4 }), program).kind).toBe("rebuild");
    const t = structuredClone(doc);
    t.training = { ...t.training!, batch_size: 8 };
    expect(classifyChange(doc, t, program).kind).toBe("rebuild");
  });
});

function harnessProgram(doc: GraphDoc) {
  return new TrainSession(doc, (n, a) => makeDataset(n, a)).program;
}
