import { type AnyBlock, getBlock } from "../../nodes";
import type { ParamValue, WeightSpec } from "../../nodes/types";
import type { GraphDoc, GraphEdge } from "../graph/doc";
import { fmtSym, ParamError, PortShapeError, type SymShape } from "../graph/symbolic";
import { resolveParams } from "./params";
import type { GraphProblem } from "./problems";

export interface NodeInfo {
  id: string;
  def: AnyBlock;
  params: Record<string, ParamValue>;
  /** Incoming edge per input port. */
  incoming: Record<string, GraphEdge>;
  /** Output shapes, when the node and everything upstream is well formed. */
  shapes?: Record<string, SymShape>;
  weights: Record<string, WeightSpec>;
  frozen: boolean;
}

/** Everything known about a graph before lowering: order, params, shapes, weights, problems. */
export interface Analysis {
  order: string[];
  nodes: Map<string, NodeInfo>;
  /** Consumers of each output, keyed "node.port". */
  consumers: Map<string, GraphEdge[]>;
  problems: GraphProblem[];
}

/**
 * Validate against the block registry and infer shapes in topological order. A node whose
 * inputs come from a broken node is skipped without a message, so one mistake is reported
 * once, where it is.
 */
export function analyze(doc: GraphDoc): Analysis {
  const problems: GraphProblem[] = [];
  const nodes = new Map<string, NodeInfo>();
  const consumers = new Map<string, GraphEdge[]>();

  for (const n of doc.nodes) {
    const def = getBlock(n.type);
    if (!def) {
      problems.push({ node: n.id, message: `unknown block type "${n.type}"` });
      continue;
    }
    const { params, problems: pp } = resolveParams(def, n.params);
    for (const p of pp) problems.push({ node: n.id, param: p.param, message: `${p.param}: ${p.message}` });
    nodes.set(n.id, { id: n.id, def, params, incoming: {}, weights: {}, frozen: n.frozen === true });
  }

  for (const e of doc.edges) {
    const src = nodes.get(e.source.node);
    const dst = nodes.get(e.target.node);
    if (!src || !dst) {
      if (!doc.nodes.some((n) => n.id === e.source.node)) {
        problems.push({ message: `edge ${e.id} comes from a missing node "${e.source.node}"` });
      } else if (!doc.nodes.some((n) => n.id === e.target.node)) {
        problems.push({ message: `edge ${e.id} goes to a missing node "${e.target.node}"` });
      }
      continue;
    }
    if (!src.def.outputs.some((p) => p.name === e.source.port)) {
      problems.push({
        node: src.id,
        port: e.source.port,
        message: `${src.def.type} has no output "${e.source.port}" (outputs: ${src.def.outputs.map((p) => p.name).join(", ") || "none"})`,
      });
      continue;
    }
    if (!dst.def.inputs.some((p) => p.name === e.target.port)) {
      problems.push({
        node: dst.id,
        port: e.target.port,
        message: `${dst.def.type} has no input "${e.target.port}" (inputs: ${dst.def.inputs.map((p) => p.name).join(", ") || "none"})`,
      });
      continue;
    }
    if (dst.incoming[e.target.port]) {
      problems.push({
        node: dst.id,
        port: e.target.port,
        message: `input "${e.target.port}" has two incoming edges`,
      });
      continue;
    }
    dst.incoming[e.target.port] = e;
    const key = `${e.source.node}.${e.source.port}`;
    consumers.set(key, [...(consumers.get(key) ?? []), e]);
  }

  const order = topoOrder(nodes, problems);
  const badParams = new Set(problems.filter((p) => p.param).map((p) => p.node));

  for (const id of order) {
    const info = nodes.get(id)!;
    const inputs: Record<string, SymShape | undefined> = {};
    let upstreamBroken = false;
    for (const port of info.def.inputs) {
      const e = info.incoming[port.name];
      if (!e) continue;
      const s = nodes.get(e.source.node)?.shapes?.[e.source.port];
      if (!s) upstreamBroken = true;
      inputs[port.name] = s;
    }
    if (upstreamBroken) continue;
    if (badParams.has(id)) continue;
    try {
      info.shapes = info.def.shape({ params: info.params, inputs });
      info.weights = info.def.weights?.({ params: info.params, inputs }) ?? {};
    } catch (e) {
      if (e instanceof PortShapeError) {
        problems.push({
          node: id,
          port: e.port,
          message: e.message,
          expected: e.expected,
          // What arrived at the port, from the block or else from the wire.
          actual: e.actual ? fmtSym(e.actual) : inputs[e.port] ? fmtSym(inputs[e.port]) : undefined,
        });
      } else if (e instanceof ParamError) {
        problems.push({ node: id, param: e.param, message: `${e.param}: ${e.message}` });
      } else {
        problems.push({ node: id, message: (e as Error).message });
      }
    }
  }
  return { order, nodes, consumers, problems };
}

/** Kahn's algorithm; nodes on a cycle are reported and left out of the order. */
function topoOrder(nodes: Map<string, NodeInfo>, problems: GraphProblem[]): string[] {
  const indeg = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const n of nodes.values()) {
    indeg.set(n.id, Object.keys(n.incoming).length);
    for (const e of Object.values(n.incoming))
      out.set(e.source.node, [...(out.get(e.source.node) ?? []), n.id]);
  }
  const ready = [...nodes.keys()].filter((id) => indeg.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of out.get(id) ?? []) {
      indeg.set(next, indeg.get(next)! - 1);
      if (indeg.get(next) === 0) ready.push(next);
    }
  }
  const placed = new Set(order);
  for (const id of nodes.keys()) {
    if (!placed.has(id))
      problems.push({ node: id, message: "is part of a cycle (wiregrad graphs are acyclic)" });
  }
  return order;
}

/** Ids of the nodes upstream of (and including) `id`. */
export function ancestors(a: Analysis, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const e of Object.values(a.nodes.get(n)?.incoming ?? {})) stack.push(e.source.node);
  }
  return seen;
}
