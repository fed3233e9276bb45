import { describe, expect, it } from "vitest";
import { analyze } from "../../src/compile/analyze";
import { formatProblem } from "../../src/compile/problems";
import type { GraphDoc } from "../../src/graph/doc";
import { parseGraphDoc, serializeGraphDoc } from "../../src/graph/load";
import { loadPresetText, presetFiles } from "./helpers";

// The shape of every preset: it loads, compiles, round-trips, says what it teaches and what it
// reaches, and is laid out readably. Whether it reaches its target is checked by targets.test.ts
// and the per-preset files beside it.

const files = presetFiles();

/** The list (issue 6), with the regularisation and transfer pairs. */
const EXPECTED = [
  "linear-regression",
  "regularisation",
  "regularisation-overfit",
  "logistic-regression",
  "xor-mlp",
  "spiral-mlp",
  "circles-mlp",
  "autodiff-scalar",
  "optimisers",
  "mnist-mlp",
  "mnist-cnn",
  "transfer-learning",
  "transfer-from-scratch",
  "rnn-sine",
  "embeddings",
  "vae-mnist",
  "monte-carlo",
  "gumbel-softmax",
  "gan-2d",
  "resnet-block",
];

/** A node's footprint on the canvas for the overlap check: generous, so labels fit too. */
const NODE_W = 200;
const NODE_H = 100;

const hasOptimiser = (doc: GraphDoc) => {
  const a = analyze(doc);
  return a.order.some((id) => a.nodes.get(id)!.def.category === "optimizers");
};

/** Sentences of a note: text ending in . ! or ? followed by a space or the end. */
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter((s) => s.trim().length > 0);

describe("every preset", () => {
  it("exists", () => {
    expect(files.map((f) => f.replace(/\.json$/, "")).sort()).toEqual([...EXPECTED].sort());
  });

  it.each(files)("%s validates, infers shapes, and round-trips unchanged", (f) => {
    const { text, doc } = loadPresetText(f);
    const a = analyze(doc);
    expect(a.problems.map(formatProblem)).toEqual([]);
    for (const id of a.order) expect(a.nodes.get(id)!.shapes, id).toBeDefined();
    expect(serializeGraphDoc(doc)).toBe(text);
    const again = parseGraphDoc(serializeGraphDoc(doc));
    expect(again.ok && serializeGraphDoc(again.doc)).toBe(text);
  });

  it.each(files)("%s has a title, a topic, a 2–4 sentence note and a target", (f) => {
    const { meta } = loadPresetText(f).doc;
    expect(meta.title).toBeTruthy();
    expect(meta.topic).toBeTruthy();
    expect(meta.target).toBeTruthy();
    const n = sentences(String(meta.note ?? "")).length;
    expect(n, String(meta.note)).toBeGreaterThanOrEqual(2);
    expect(n, String(meta.note)).toBeLessThanOrEqual(4);
  });

  it.each(files)("%s has a training section (batch size, seed; steps and log_every when it trains)", (f) => {
    const { doc } = loadPresetText(f);
    const t = doc.training!;
    expect(t.batch_size).toBeGreaterThan(0);
    expect(t.seed).toBeTypeOf("number");
    if (hasOptimiser(doc)) {
      expect(t.steps).toBeGreaterThan(0);
      expect(t.log_every).toBeGreaterThan(0);
      expect(t.log_every!).toBeLessThanOrEqual(t.steps!);
    }
  });

  it.each(files)("%s is laid out left to right without overlapping blocks", (f) => {
    const { doc } = loadPresetText(f);
    const at = new Map(doc.nodes.map((n) => [n.id, n.position]));
    for (const e of doc.edges) {
      const [s, t] = [at.get(e.source.node)!, at.get(e.target.node)!];
      expect(t.x - s.x, `${e.id} runs right to left`).toBeGreaterThanOrEqual(NODE_W);
    }
    for (let i = 0; i < doc.nodes.length; i++) {
      for (let j = i + 1; j < doc.nodes.length; j++) {
        const [a, b] = [doc.nodes[i], doc.nodes[j]];
        const apart =
          Math.abs(a.position.x - b.position.x) >= NODE_W || Math.abs(a.position.y - b.position.y) >= NODE_H;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });
});

describe("transfer-learning ships its pretrained features", () => {
  const pretrained = loadPresetText("transfer-learning.json").doc;
  const scratch = loadPresetText("transfer-from-scratch.json").doc;
  const strip = (d: GraphDoc) => ({
    nodes: d.nodes.map(({ weights: _w, frozen: _f, position: _p, ...n }) => n),
    edges: d.edges,
    training: d.training,
  });

  it("has the same network, data and settings as transfer-from-scratch", () => {
    expect(strip(pretrained)).toEqual(strip(scratch));
  });

  it("embeds a few thousand numbers, in the frozen feature extractor only", () => {
    const withWeights = pretrained.nodes.filter((n) => n.weights);
    expect(withWeights.map((n) => n.id)).toEqual(["conv1", "conv2"]);
    expect(withWeights.every((n) => n.frozen)).toBe(true);
    expect(pretrained.nodes.filter((n) => n.frozen).map((n) => n.id)).toEqual(["conv1", "conv2"]);
    const count = withWeights
      .flatMap((n) => Object.values(n.weights!))
      .reduce((s, w) => s + w.shape.reduce((p, d) => p * d, 1), 0);
    expect(count).toBeGreaterThan(500);
    expect(count).toBeLessThan(5000);
    expect(scratch.nodes.some((n) => n.weights || n.frozen)).toBe(false);
  });
});
