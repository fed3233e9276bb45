import { describe, expect, it } from "vitest";
import type { GraphDoc } from "../../src/graph/doc";
import { encodeWeight, parseGraphDoc, serializeGraphDoc } from "../../src/graph/load";
import { mlpDoc } from "./fixtures";

function reload(text: string): GraphDoc {
  const result = parseGraphDoc(text);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join("\n"));
  return result.doc;
}

describe("serializeGraphDoc", () => {
  it("round-trips: serialise, parse, serialise gives the same text", () => {
    const first = serializeGraphDoc(mlpDoc());
    expect(serializeGraphDoc(reload(first))).toBe(first);
    expect(reload(first)).toEqual(mlpDoc());
  });

  it("round-trips a document whose keys are not in schema order, and with defaults left out", () => {
    const doc = {
      meta: {},
      format: "wiregrad-graph",
      edges: [],
      nodes: [{ position: { y: 5, x: -3.25 }, type: "Linear", params: { out_features: 3 }, id: "fc" }],
      version: 1,
      training: { seed: 1 },
    } as unknown as GraphDoc;
    const first = serializeGraphDoc(reload(serializeGraphDoc(doc)));
    expect(serializeGraphDoc(reload(first))).toBe(first);
    expect(first.indexOf('"position"')).toBeLessThan(first.indexOf('"type"'));
  });

  it("round-trips weights in both forms exactly", () => {
    const doc = mlpDoc();
    const data = Float32Array.from({ length: 12 }, (_, i) => Math.exp(-i) - 0.3);
    doc.nodes[1].weights = {
      weight: encodeWeight([3, 4], data, "array"),
      bias: encodeWeight([3, 4], data, "base64"),
    };
    const first = serializeGraphDoc(doc);
    expect(serializeGraphDoc(reload(first))).toBe(first);
  });

  it("writes two-space JSON with arrays of plain values on one line", () => {
    const text = serializeGraphDoc(mlpDoc());
    expect(JSON.parse(text)).toEqual(mlpDoc());
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "meta": {\n    "title": "Two-layer MLP",');
    expect(text).toContain('"data": [0.5, -0.25, 1, 0, 0.125, 2, -1, 3]');
    expect(text).toContain('"betas": [0.9, 0.999]');
    expect(text).toContain('"params": {}');
    expect(text.split("\n").every((line) => /^( {2})*\S/.test(line) || line === "")).toBe(true);
  });

  it("leaves out undefined optional fields, as JSON.stringify does", () => {
    const doc = mlpDoc();
    doc.nodes[0].frozen = undefined;
    doc.training = undefined;
    expect(JSON.parse(serializeGraphDoc(doc))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
