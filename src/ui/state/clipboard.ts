// The clipboard carries a GraphDoc fragment as JSON text, so a copy in one tab pastes in
// another, into a text editor, or into a file that then opens as a graph.
import type { GraphDoc } from "../../graph/doc";
import { parseGraphDoc, serializeGraphDoc } from "../../graph/load";
import type { XY } from "./docEdits";

export type Fragment = Pick<GraphDoc, "nodes" | "edges">;

/** The selected nodes and the wires among them, as a GraphDoc text. */
export function copyText(doc: GraphDoc, nodeIds: readonly string[]): string | null {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => ids.has(e.source.node) && ids.has(e.target.node));
  const fragment: GraphDoc = {
    format: doc.format,
    version: doc.version,
    meta: { title: `${nodes.length} block${nodes.length === 1 ? "" : "s"} copied from wiregrad` },
    nodes,
    edges,
  };
  return serializeGraphDoc(fragment);
}

/** A pasted text as a fragment, or null when it is not a valid GraphDoc (plain text is ignored). */
export function readFragment(text: string): Fragment | null {
  if (!text.trimStart().startsWith("{")) return null;
  const r = parseGraphDoc(text);
  return r.ok ? { nodes: r.doc.nodes, edges: r.doc.edges } : null;
}

/** Where pasted nodes go: their top-left corner at `at` (the cursor), else nudged off the originals. */
export function pasteOffset(fragment: Fragment, at?: XY): XY {
  if (!at || fragment.nodes.length === 0) return { x: 40, y: 40 };
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  return { x: at.x - minX, y: at.y - minY };
}
