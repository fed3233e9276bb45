import { describe, expect, it } from "vitest";
import { loadGraphDoc, parseGraphDoc, serializeGraphDoc } from "../../src/graph/load";
import { mlpDoc, rawMlp } from "./fixtures";

describe("loading a valid document", () => {
  it("parses the text of a valid graph", () => {
    const result = parseGraphDoc(JSON.stringify(mlpDoc()), "mlp.json");
    expect(result).toEqual({ ok: true, doc: mlpDoc() });
  });

  it("loads an already-parsed object without changing it", () => {
    const raw = rawMlp();
    const before = JSON.stringify(raw);
    const result = loadGraphDoc(raw);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(raw)).toBe(before);
  });

  it("fills in the training defaults", () => {
    const raw = rawMlp();
    raw.training = { steps: 10 };
    const result = loadGraphDoc(raw);
    if (!result.ok) throw new Error(result.problems[0].message);
    expect(result.doc.training).toEqual({ steps: 10, batch_size: 32, seed: 0, test_fraction: 0.2 });
  });

  it("keeps unknown meta fields and accepts a $schema reference", () => {
    const raw = rawMlp();
    raw.$schema = "../public/graphdoc.schema.json";
    raw.meta.course = "ML 101";
    const result = loadGraphDoc(raw);
    if (!result.ok) throw new Error(result.problems[0].message);
    expect(result.doc.meta.course).toBe("ML 101");
  });

  it("accepts nested arrays in params, as tensor-valued params need", () => {
    const raw = rawMlp();
    raw.nodes.push({
      id: "c",
      type: "Constant",
      params: {
        value: [
          [1, 2],
          [3, null],
        ],
      },
      position: { x: 0, y: 0 },
    });
    expect(loadGraphDoc(raw).ok).toBe(true);
  });

  it("reports, rather than throws on, params nested too deep to check", () => {
    const raw = rawMlp();
    raw.nodes[0].params.shape = JSON.parse(`${"[".repeat(20_000)}${"]".repeat(20_000)}`);
    const result = loadGraphDoc(raw);
    expect(!result.ok && result.problems[0].message).toMatch(/^document: could not be checked/);
  });

  it("treats a missing version as version 1", () => {
    const raw = rawMlp();
    delete raw.version;
    const result = loadGraphDoc(raw);
    if (!result.ok) throw new Error(result.problems[0].message);
    expect(result.doc.version).toBe(1);
  });

  it("accepts a byte-order mark before the JSON", () => {
    expect(parseGraphDoc(`\uFEFF${JSON.stringify(mlpDoc())}`).ok).toBe(true);
  });

  it("accepts an empty graph", () => {
    const text = '{"format": "wiregrad-graph", "version": 1, "meta": {}, "nodes": [], "edges": []}';
    expect(parseGraphDoc(text).ok).toBe(true);
  });

  it("keeps the file's key order, adding defaults after it", () => {
    const text = JSON.stringify({
      edges: [],
      nodes: [{ position: { y: 1, x: 2 }, params: { b: 1, a: 2 }, type: "ReLU", id: "r" }],
      training: { seed: 3 },
      meta: { zeta: 1, title: "t" },
      version: 1,
      format: "wiregrad-graph",
    });
    const result = parseGraphDoc(text);
    if (!result.ok) throw new Error(result.problems[0].message);
    const doc = result.doc;
    expect(Object.keys(doc)).toEqual(["edges", "nodes", "training", "meta", "version", "format"]);
    expect(Object.keys(doc.nodes[0])).toEqual(["position", "params", "type", "id"]);
    expect(Object.keys(doc.nodes[0].position)).toEqual(["y", "x"]);
    expect(Object.keys(doc.nodes[0].params)).toEqual(["b", "a"]);
    expect(Object.keys(doc.meta)).toEqual(["zeta", "title"]);
    expect(Object.keys(doc.training ?? {})).toEqual(["seed", "batch_size", "test_fraction"]);
    expect(serializeGraphDoc(doc).indexOf('"edges"')).toBeLessThan(
      serializeGraphDoc(doc).indexOf('"format"'),
    );
  });

  it("does not let a __proto__ key in meta change the prototype", () => {
    const text = JSON.stringify(mlpDoc()).replace('"meta":{', '"meta":{"__proto__":{"polluted":true},');
    const result = parseGraphDoc(text);
    if (!result.ok) throw new Error(result.problems[0].message);
    expect(Object.getPrototypeOf(result.doc.meta)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
