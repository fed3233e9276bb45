// Each kind of schema error names the place in the document, and the node by its id.
import { describe, expect, it } from "vitest";
import { loadGraphDoc } from "../../src/graph/load";
import type { Problem } from "../../src/graph/problem";
import { rawMlp } from "./fixtures";

function problemsOf(raw: unknown, source?: string): Problem[] {
  const result = loadGraphDoc(raw, source);
  if (result.ok) throw new Error("expected the document to be refused");
  return result.problems;
}

describe("schema errors", () => {
  it("a param of the wrong type names the node id, the path and what was found", () => {
    const raw = rawMlp();
    raw.nodes[1].params.out_features = { value: 2 };
    expect(problemsOf(raw)).toEqual([
      {
        path: "nodes[1].params.out_features",
        node: "fc1",
        message:
          'nodes[1] (id "fc1").params.out_features: expected a number, string, boolean, null or an array of those, got an object',
      },
    ]);
  });

  it("a bad item inside an array param points at the item", () => {
    const raw = rawMlp();
    raw.nodes[5].params.betas = [0.9, [0.999, { b: 2 }]];
    const [problem] = problemsOf(raw);
    expect(problem.path).toBe("nodes[5].params.betas[1][1]");
    expect(problem.message).toBe(
      'nodes[5] (id "opt").params.betas[1][1]: expected a number, string, boolean, null or an array of those, got an object',
    );
  });

  it("a missing field says it is missing", () => {
    const raw = rawMlp();
    delete raw.nodes[2].position;
    expect(problemsOf(raw)).toEqual([
      {
        path: "nodes[2].position",
        node: "act",
        message: 'nodes[2] (id "act").position: missing; expected an object',
      },
    ]);
  });

  it("a misspelt field is reported as unknown", () => {
    const raw = rawMlp();
    raw.nodes[0].parmas = {};
    const [problem] = problemsOf(raw);
    expect(problem.path).toBe("nodes[0].parmas");
    expect(problem.message).toBe('nodes[0] (id "x").parmas: unknown field');
  });

  it("an invalid node id is refused with the rule", () => {
    const raw = rawMlp();
    raw.nodes[3].id = "2nd target";
    const [problem] = problemsOf(raw);
    expect(problem.path).toBe("nodes[3].id");
    expect(problem.message).toContain('expected a node id (a letter or "_"');
    expect(problem.message).toContain('got the string "2nd target"');
  });

  it("a node without a usable id is named by its index only", () => {
    const raw = rawMlp();
    raw.nodes[3].id = 12;
    const [problem] = problemsOf(raw);
    expect(problem).toEqual({ path: "nodes[3].id", message: "nodes[3].id: expected a string, got 12" });
  });

  it("a position that is not a number", () => {
    const raw = rawMlp();
    raw.nodes[0].position.x = "10";
    expect(problemsOf(raw)[0].message).toBe(
      'nodes[0] (id "x").position.x: expected a number, got the string "10"',
    );
  });

  it("a non-number inside array weight data points at the element", () => {
    const raw = rawMlp();
    raw.nodes[1].weights.weight.data[3] = "0";
    const [problem] = problemsOf(raw);
    expect(problem.path).toBe("nodes[1].weights.weight.data[3]");
    expect(problem.message).toBe(
      'nodes[1] (id "fc1").weights.weight.data[3]: expected a number, got the string "0"',
    );
  });

  it("a weight with neither data nor base64 is judged as the form it resembles", () => {
    const raw = rawMlp();
    raw.nodes[1].weights.weight = { shape: [2, 4] };
    expect(problemsOf(raw).map((p) => p.path)).toEqual(["nodes[1].weights.weight.data"]);
    raw.nodes[1].weights.weight = { shape: [2, 4], dtype: "float32" };
    expect(problemsOf(raw).map((p) => p.path)).toEqual(["nodes[1].weights.weight.base64"]);
    raw.nodes[1].weights.weight = { shape: [2, 4], dtype: "float64", base64: "AAAA" };
    expect(problemsOf(raw)[0].message).toBe(
      'nodes[1] (id "fc1").weights.weight.dtype: expected "float32", got the string "float64"',
    );
  });

  it("a weight that is not an object says which forms are allowed", () => {
    const raw = rawMlp();
    raw.nodes[1].weights.bias = [1, 2];
    expect(problemsOf(raw)[0].message).toBe(
      'nodes[1] (id "fc1").weights.bias: expected a weight tensor {shape, data} or {shape, dtype: "float32", base64}, got an array',
    );
  });

  it("weight names that are not identifiers are quoted in the path", () => {
    const raw = rawMlp();
    raw.nodes[1].weights["layer.0"] = { shape: [-1], data: [] };
    const [problem] = problemsOf(raw);
    expect(problem.path).toBe('nodes[1].weights["layer.0"].shape[0]');
    expect(problem.message).toContain("must be at least 0, got -1");
  });

  it("malformed base64 is refused", () => {
    const raw = rawMlp();
    raw.nodes[1].weights.bias.base64 = "not base64!";
    const [problem] = problemsOf(raw);
    expect(problem.path).toBe("nodes[1].weights.bias.base64");
    expect(problem.message).toContain("is not valid base64");
  });

  it("training settings out of range name the setting", () => {
    const raw = rawMlp();
    raw.training.batch_size = 0;
    raw.training.test_fraction = 0.95;
    raw.training.steps = 2.5;
    expect(problemsOf(raw).map((p) => p.message)).toEqual([
      "training.batch_size: must be at least 1, got 0",
      "training.steps: expected an integer, got 2.5",
      "training.test_fraction: must be at most 0.9, got 0.95",
    ]);
  });

  it("an edge endpoint of the wrong type names the edge by its id", () => {
    const raw = rawMlp();
    raw.edges[2].target.port = "";
    expect(problemsOf(raw)).toEqual([
      { path: "edges[2].target.port", message: 'edges[2] (id "e3").target.port: must not be empty' },
    ]);
  });

  it("a wrong top-level type is reported at its key", () => {
    const raw = rawMlp();
    raw.nodes = {};
    expect(problemsOf(raw)).toEqual([{ path: "nodes", message: "nodes: expected an array, got an object" }]);
  });

  it("every message starts with the source when one is given", () => {
    const raw = rawMlp();
    raw.meta.title = 3;
    expect(problemsOf(raw, "mlp.json")[0].message).toBe("mlp.json: meta.title: expected a string, got 3");
  });

  it("reports every problem, not just the first, up to a limit", () => {
    const raw = rawMlp();
    raw.nodes[0].position.x = null;
    raw.edges[0].id = 5;
    expect(problemsOf(raw).map((p) => p.path)).toEqual(["nodes[0].position.x", "edges[0].id"]);

    raw.nodes[1].weights.weight = { shape: [1000], data: Array(1000).fill("0") };
    const many = problemsOf(raw);
    expect(many).toHaveLength(51);
    expect(many[50].message).toMatch(/^\.\.\. and \d+ more problems$/);
  });
});
