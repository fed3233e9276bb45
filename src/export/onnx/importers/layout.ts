import type { GraphEdge, GraphNode } from "../../../graph/doc";

// A plain layered layout for an imported graph: each node one column right of the furthest
// of its inputs, stacked top to bottom in each column. The editor may re-layout with elkjs.

export const COLUMN = 240;
export const ROW = 140;
const MARGIN = 80;

/** Set every node's position; `nodes` must be in topological order (as the import makes them). */
export function layoutLayers(nodes: GraphNode[], edges: GraphEdge[]): void {
  const layer = new Map<string, number>();
  const inputs = new Map<string, string[]>();
  for (const e of edges) inputs.set(e.target.node, [...(inputs.get(e.target.node) ?? []), e.source.node]);
  const rows: number[] = [];
  for (const n of nodes) {
    const l = Math.max(-1, ...(inputs.get(n.id) ?? []).map((s) => layer.get(s) ?? 0)) + 1;
    layer.set(n.id, l);
    const row = rows[l] ?? 0;
    rows[l] = row + 1;
    n.position = { x: MARGIN + l * COLUMN, y: MARGIN + row * ROW };
  }
}
