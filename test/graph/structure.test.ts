// Errors only the whole document shows: ids, references, tensor sizes, wires per port.
import { describe, expect, it } from "vitest";
import { loadGraphDoc } from "../../src/graph/load";
import type { Problem } from "../../src/graph/problem";
import { rawMlp } from "./fixtures";

function problemsOf(raw: unknown): Problem[] {
  const result = loadGraphDoc(raw);
  if (result.ok) throw new Error("expected the document to be refused");
  return result.problems;
}

describe("structure checks", () => {
  it("duplicate node ids", () => {
    const raw = rawMlp();
    raw.nodes.push({ ...raw.nodes[1], weights: undefined });
    expect(problemsOf(raw)).toEqual([
      {
        path: "nodes[6].id",
        node: "fc1",
        message: 'nodes[6] (id "fc1").id: duplicate node id, already used by nodes[1]',
      },
    ]);
  });

  it("duplicate edge ids", () => {
    const raw = rawMlp();
    raw.edges[3].id = "e1";
    expect(problemsOf(raw)).toEqual([
      { path: "edges[3].id", message: 'edges[3] (id "e1").id: duplicate edge id, already used by edges[0]' },
    ]);
  });

  it("an edge to or from a node that does not exist", () => {
    const raw = rawMlp();
    raw.edges[1].source.node = "fc9";
    raw.edges[4].target.node = "sgd";
    expect(problemsOf(raw)).toEqual([
      { path: "edges[1].source.node", message: 'edges[1] (id "e2").source.node: no node has the id "fc9"' },
      { path: "edges[4].target.node", message: 'edges[4] (id "e5").target.node: no node has the id "sgd"' },
    ]);
  });

  it("array weight data whose length does not match the shape", () => {
    const raw = rawMlp();
    raw.nodes[1].weights.weight.data.pop();
    expect(problemsOf(raw)).toEqual([
      {
        path: "nodes[1].weights.weight.data",
        node: "fc1",
        message: 'nodes[1] (id "fc1").weights.weight.data: has 7 values but shape [2, 4] needs 8',
      },
    ]);
  });

  it("base64 weight bytes that do not match the shape", () => {
    const raw = rawMlp();
    raw.nodes[1].weights.bias.shape = [3];
    expect(problemsOf(raw)).toEqual([
      {
        path: "nodes[1].weights.bias.base64",
        node: "fc1",
        message:
          'nodes[1] (id "fc1").weights.bias.base64: decodes to 8 bytes but shape [3] needs 12 (3 float32 values)',
      },
    ]);
  });

  it("two wires into the same input port", () => {
    const raw = rawMlp();
    raw.edges.push({ id: "e6", source: { node: "x", port: "out" }, target: { node: "act", port: "in" } });
    expect(problemsOf(raw)).toEqual([
      {
        path: "edges[5].target",
        node: "act",
        port: "in",
        message:
          'edges[5] (id "e6").target: input port "in" of node "act" already has a wire (edges[1], id "e2")',
      },
    ]);
  });

  it("one output feeding several inputs is fine", () => {
    const raw = rawMlp();
    raw.nodes.push({ id: "act2", type: "ReLU", params: {}, position: { x: 0, y: 0 } });
    raw.edges.push({ id: "e6", source: { node: "fc1", port: "out" }, target: { node: "act2", port: "in" } });
    expect(loadGraphDoc(raw).ok).toBe(true);
  });
});
