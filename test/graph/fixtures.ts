// A small valid document (a two-layer MLP) that tests copy and break one thing at a time.
import type { GraphDoc } from "../../src/graph/doc";

export function mlpDoc(): GraphDoc {
  return {
    format: "wiregrad-graph",
    version: 1,
    meta: { title: "Two-layer MLP", topic: "mlp", created: "2025-01-01T00:00:00Z" },
    nodes: [
      { id: "x", type: "Input", params: { shape: [4] }, position: { x: 0, y: 0 } },
      {
        id: "fc1",
        type: "Linear",
        params: { out_features: 2, bias: true },
        position: { x: 200, y: 0 },
        weights: {
          weight: { shape: [2, 4], data: [0.5, -0.25, 1, 0, 0.125, 2, -1, 3] },
          bias: { shape: [2], dtype: "float32", base64: "AACAPwAAAMA=" }, // [1, -2]
        },
      },
      { id: "act", type: "ReLU", params: {}, position: { x: 400, y: 0 } },
      { id: "y", type: "Target", params: { num_classes: 2 }, position: { x: 400, y: 200 } },
      { id: "loss", type: "CrossEntropyLoss", params: { reduction: "mean" }, position: { x: 600, y: 0 } },
      { id: "opt", type: "Adam", params: { lr: 0.001, betas: [0.9, 0.999] }, position: { x: 800, y: 0 } },
    ],
    edges: [
      { id: "e1", source: { node: "x", port: "out" }, target: { node: "fc1", port: "in" } },
      { id: "e2", source: { node: "fc1", port: "out" }, target: { node: "act", port: "in" } },
      { id: "e3", source: { node: "act", port: "out" }, target: { node: "loss", port: "input" } },
      { id: "e4", source: { node: "y", port: "out" }, target: { node: "loss", port: "target" } },
      { id: "e5", source: { node: "loss", port: "out" }, target: { node: "opt", port: "loss" } },
    ],
    training: { batch_size: 16, seed: 7, steps: 100, test_fraction: 0.25 },
  };
}

/** A plain-JSON copy, the way a file would arrive, for tests to break. */
// biome-ignore lint/suspicious/noExplicitAny: tests write wrongly typed values into it on purpose
export function rawMlp(): Record<string, any> {
  return JSON.parse(JSON.stringify(mlpDoc()));
}
