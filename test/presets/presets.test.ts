import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { analyze } from "../../src/compile/analyze";
import { formatProblem } from "../../src/compile/problems";
import { parseGraphDoc, serializeGraphDoc } from "../../src/graph/load";
import { TrainSession } from "../../src/train/session";

const DIR = join(__dirname, "../../presets");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));

function load(name: string) {
  const text = readFileSync(join(DIR, name), "utf8");
  const r = parseGraphDoc(text, name);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("\n"));
  return { text, doc: r.doc };
}

describe("every preset", () => {
  it("exists", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "xor-mlp.json",
        "spiral-mlp.json",
        "autodiff-scalar.json",
        "linear-regression.json",
      ]),
    );
  });
  it.each(files)("%s validates, infers shapes, and round-trips unchanged", (f) => {
    const { text, doc } = load(f);
    const a = analyze(doc);
    expect(a.problems.map(formatProblem)).toEqual([]);
    for (const id of a.order) expect(a.nodes.get(id)!.shapes, id).toBeDefined();
    expect(serializeGraphDoc(doc)).toBe(text);
    const again = parseGraphDoc(serializeGraphDoc(doc));
    expect(again.ok && serializeGraphDoc(again.doc)).toBe(text);
    expect(doc.meta.title).toBeTruthy();
    expect(doc.meta.note).toBeTruthy();
    expect(doc.meta.target).toBeTruthy();
  });
});

function train(name: string, steps: number) {
  const { doc } = load(name);
  const s = new TrainSession(doc, nodeDatasetLoader);
  for (let i = 0; i < steps; i++) s.trainStep();
  return s;
}

describe("presets reach their stated targets (CPU)", () => {
  it("spiral-mlp: train accuracy ≥ 95 % within 2000 steps", () => {
    const s = train("spiral-mlp.json", 2000);
    expect(s.evaluate("train").metrics.accuracy).toBeGreaterThanOrEqual(0.95);
  });
  it("xor-mlp: train accuracy ≥ 95 % within 500 steps", () => {
    const s = train("xor-mlp.json", 500);
    expect(s.evaluate("train").metrics.accuracy).toBeGreaterThanOrEqual(0.95);
  });
  it("linear-regression: recovers w ≈ 2, b ≈ 1 and test MSE < 0.05 in 300 steps", () => {
    const s = train("linear-regression.json", 300);
    expect(s.variables.get("fc.weight")![0]).toBeCloseTo(2, 1);
    expect(s.variables.get("fc.bias")![0]).toBeCloseTo(1, 1);
    expect(s.evaluate("test").loss).toBeLessThan(0.05);
  });
});
