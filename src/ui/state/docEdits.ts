// Every edit the editor makes to a GraphDoc, as plain functions on an immer draft. The store
// wraps them so each records undo patches; tests call them on plain objects.
import { getBlock } from "../../../nodes";
import type { ParamSpec } from "../../../nodes/types";
import type { GraphDoc, GraphEdge, GraphNode, ParamValue, PortRef } from "../../graph/doc";
import { edgeIdFor, freshNodeId } from "./ids";

export interface XY {
  x: number;
  y: number;
}

/** A block's params with every default written out, so a saved graph never changes meaning when a default does. */
export function defaultParams(type: string): Record<string, ParamValue> {
  const def = getBlock(type);
  const params: Record<string, ParamValue> = {};
  for (const spec of (def?.params ?? []) as ParamSpec[]) {
    params[spec.name] = structuredClone(spec.default) as ParamValue;
  }
  return params;
}

/**
 * `p`, or the first spot down and to the right of it that no block starts at, so blocks
 * added one after another from the palette cascade instead of hiding each other.
 */
export function freeSpot(doc: Pick<GraphDoc, "nodes">, p: XY, step = 28): XY {
  let at = { x: Math.round(p.x), y: Math.round(p.y) };
  const taken = (q: XY) =>
    doc.nodes.some((n) => Math.abs(n.position.x - q.x) < 12 && Math.abs(n.position.y - q.y) < 12);
  for (let i = 0; i < 50 && taken(at); i++) at = { x: at.x + step, y: at.y + step };
  return at;
}

export function addNode(doc: GraphDoc, type: string, position: XY): string {
  const id = freshNodeId(new Set(doc.nodes.map((n) => n.id)), type);
  doc.nodes.push({ id, type, params: defaultParams(type), position: roundXY(position) });
  return id;
}

const roundXY = (p: XY): XY => ({ x: Math.round(p.x), y: Math.round(p.y) });

/** Wires source → target; an input takes one wire, so an existing one at the target is replaced. */
export function connect(doc: GraphDoc, source: PortRef, target: PortRef): string {
  doc.edges = doc.edges.filter((e) => !(e.target.node === target.node && e.target.port === target.port));
  const id = edgeIdFor(doc, source, target);
  doc.edges.push({ id, source: { ...source }, target: { ...target } });
  return id;
}

/** True when a wire source → target would close a loop (the graph must stay acyclic). */
export function wouldCycle(doc: GraphDoc, sourceNode: string, targetNode: string): boolean {
  if (sourceNode === targetNode) return true;
  // Walk downstream from the target; reaching the source means the new wire closes a cycle.
  const seen = new Set<string>();
  const stack = [targetNode];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === sourceNode) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of doc.edges) if (e.source.node === id) stack.push(e.target.node);
  }
  return false;
}

export function removeElements(
  doc: GraphDoc,
  nodeIds: Iterable<string>,
  edgeIds: Iterable<string> = [],
): void {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size) doc.nodes = doc.nodes.filter((n) => !nodes.has(n.id));
  doc.edges = doc.edges.filter(
    (e) => !edges.has(e.id) && !nodes.has(e.source.node) && !nodes.has(e.target.node),
  );
  // An optimiser that listed a removed block would now point at nothing.
  if (nodes.size) for (const n of doc.nodes) dropNodeRefs(n, nodes);
}

function dropNodeRefs(n: GraphNode, removed: Set<string>) {
  for (const spec of (getBlock(n.type)?.params ?? []) as ParamSpec[]) {
    const v = n.params[spec.name];
    if (spec.kind === "nodes" && Array.isArray(v) && v.some((id) => removed.has(id as string))) {
      n.params[spec.name] = v.filter((id) => !removed.has(id as string));
    }
  }
}

export function moveNodes(doc: GraphDoc, positions: Record<string, XY>): void {
  for (const n of doc.nodes) {
    const p = positions[n.id];
    if (p && (n.position.x !== Math.round(p.x) || n.position.y !== Math.round(p.y))) n.position = roundXY(p);
  }
}

export function setParam(doc: GraphDoc, nodeId: string, name: string, value: ParamValue): void {
  const n = doc.nodes.find((m) => m.id === nodeId);
  if (n) n.params[name] = value;
}

export function setFrozen(doc: GraphDoc, nodeIds: string[], frozen: boolean): void {
  for (const n of doc.nodes) {
    if (!nodeIds.includes(n.id)) continue;
    if (frozen) n.frozen = true;
    else delete n.frozen;
  }
}

/** Renames a node and every reference to it (edges, optimiser lists). */
export function renameNode(doc: GraphDoc, from: string, to: string): void {
  if (from === to) return;
  const node = doc.nodes.find((n) => n.id === from);
  if (!node) return;
  node.id = to;
  for (const e of doc.edges) {
    if (e.source.node === from) e.source.node = to;
    if (e.target.node === from) e.target.node = to;
  }
  for (const n of doc.nodes) {
    for (const spec of (getBlock(n.type)?.params ?? []) as ParamSpec[]) {
      const v = n.params[spec.name];
      if (spec.kind === "nodes" && Array.isArray(v) && v.includes(from)) {
        n.params[spec.name] = v.map((id) => (id === from ? to : id));
      }
    }
  }
}

/**
 * Puts a one-in/one-out block (Flatten, Reshape) on the wire feeding `target`: the quick fix
 * for a shape error. Returns the new node's id, or null when nothing feeds that port.
 */
export function insertOnWire(
  doc: GraphDoc,
  target: PortRef,
  type: string,
  params: Record<string, ParamValue> = {},
): string | null {
  const edge = doc.edges.find((e) => e.target.node === target.node && e.target.port === target.port);
  if (!edge) return null;
  const from = doc.nodes.find((n) => n.id === edge.source.node);
  const to = doc.nodes.find((n) => n.id === edge.target.node);
  const at =
    from && to
      ? { x: (from.position.x + to.position.x) / 2, y: (from.position.y + to.position.y) / 2 + 90 }
      : { x: 0, y: 0 };
  const id = addNode(doc, type, at);
  const node = doc.nodes[doc.nodes.length - 1];
  Object.assign(node.params, params);
  const source = { ...edge.source };
  connect(doc, { node: id, port: "out" }, target);
  connect(doc, source, { node: id, port: "in" });
  return id;
}

/** Keeps a fragment's internal wiring but gives every node a fresh id; returns the new ids. */
export function pasteFragment(
  doc: GraphDoc,
  fragment: Pick<GraphDoc, "nodes" | "edges">,
  offset: XY,
): string[] {
  const taken = new Set(doc.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of fragment.nodes) {
    const id = taken.has(n.id) ? freshNodeId(taken, n.type) : n.id;
    taken.add(id);
    rename.set(n.id, id);
  }
  for (const n of fragment.nodes) {
    const copy: GraphNode = structuredClone(n);
    copy.id = rename.get(n.id)!;
    copy.position = roundXY({ x: n.position.x + offset.x, y: n.position.y + offset.y });
    for (const spec of (getBlock(n.type)?.params ?? []) as ParamSpec[]) {
      const v = copy.params[spec.name];
      // Optimiser lists keep pointing at pasted copies; references outside the fragment stay.
      if (spec.kind === "nodes" && Array.isArray(v))
        copy.params[spec.name] = v.map((r) => rename.get(r as string) ?? r);
    }
    doc.nodes.push(copy);
  }
  for (const e of fragment.edges as GraphEdge[]) {
    const s = rename.get(e.source.node);
    const t = rename.get(e.target.node);
    if (s && t) connect(doc, { node: s, port: e.source.port }, { node: t, port: e.target.port });
  }
  return [...rename.values()];
}
