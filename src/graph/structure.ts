// Checks that need the whole document rather than one value at a time: the schema has
// already made sure every field has the right type.
import { base64ByteLength } from "./base64";
import type { GraphDoc } from "./doc";
import { type Problem, problemAt } from "./problem";
import { shapeSize } from "./weights";

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

function checkNodeIds(doc: GraphDoc, out: Problem[]) {
  const firstIndex = new Map<string, number>();
  doc.nodes.forEach((node, i) => {
    const first = firstIndex.get(node.id);
    if (first === undefined) firstIndex.set(node.id, i);
    else out.push(problemAt(doc, ["nodes", i, "id"], `duplicate node id, already used by nodes[${first}]`));
  });
}

function checkWeights(doc: GraphDoc, out: Problem[]) {
  doc.nodes.forEach((node, i) => {
    for (const [name, w] of Object.entries(node.weights ?? {})) {
      const size = shapeSize(w.shape);
      const at = ["nodes", i, "weights", name];
      if ("data" in w) {
        if (w.data.length !== size) {
          const what = `has ${w.data.length} values but shape ${shapeText(w.shape)} needs ${size}`;
          out.push(problemAt(doc, [...at, "data"], what));
        }
      } else {
        const bytes = base64ByteLength(w.base64);
        if (bytes !== size * 4) {
          const what = `decodes to ${bytes} bytes but shape ${shapeText(w.shape)} needs ${size * 4} (${size} float32 values)`;
          out.push(problemAt(doc, [...at, "base64"], what));
        }
      }
    }
  });
}

function checkEdges(doc: GraphDoc, out: Problem[]) {
  const nodeIds = new Set(doc.nodes.map((n) => n.id));
  const edgeIndex = new Map<string, number>();
  // An input port takes one wire: a second one would make the value it receives ambiguous.
  // (Fan-out from an output port is fine and common.)
  const feeding = new Map<string, number>();
  doc.edges.forEach((edge, i) => {
    const first = edgeIndex.get(edge.id);
    if (first === undefined) edgeIndex.set(edge.id, i);
    else out.push(problemAt(doc, ["edges", i, "id"], `duplicate edge id, already used by edges[${first}]`));

    for (const end of ["source", "target"] as const) {
      const ref = edge[end];
      if (!nodeIds.has(ref.node)) {
        out.push(problemAt(doc, ["edges", i, end, "node"], `no node has the id ${JSON.stringify(ref.node)}`));
      }
    }

    const { node, port } = edge.target;
    if (!nodeIds.has(node)) return;
    const key = JSON.stringify([node, port]);
    const earlier = feeding.get(key);
    if (earlier === undefined) {
      feeding.set(key, i);
      return;
    }
    const what = `input port ${JSON.stringify(port)} of node ${JSON.stringify(node)} already has a wire (edges[${earlier}], id ${JSON.stringify(doc.edges[earlier].id)})`;
    out.push(problemAt(doc, ["edges", i, "target"], what, { node, port }));
  });
}

/** Problems that zod cannot see: ids, references between nodes and edges, tensor sizes. */
export function checkStructure(doc: GraphDoc): Problem[] {
  const out: Problem[] = [];
  checkNodeIds(doc, out);
  checkWeights(doc, out);
  checkEdges(doc, out);
  return out;
}
