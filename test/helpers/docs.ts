import type { GraphDoc, GraphEdge, GraphNode } from "../../src/graph/doc";

export function n(id: string, type: string, params: Record<string, unknown> = {}): GraphNode {
  return { id, type, params: params as GraphNode["params"], position: { x: 0, y: 0 } };
}

/** e("a.out", "b.in") */
export function e(from: string, to: string): GraphEdge {
  const [sn, sp] = from.split(".");
  const [tn, tp] = to.split(".");
  return { id: `${from}->${to}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
}

export function doc(
  nodes: GraphNode[],
  edges: GraphEdge[],
  training?: Partial<GraphDoc["training"]>,
): GraphDoc {
  return {
    format: "wiregrad-graph",
    version: 1,
    meta: {},
    nodes,
    edges,
    training: { batch_size: 8, seed: 0, test_fraction: 0.2, ...training },
  };
}
