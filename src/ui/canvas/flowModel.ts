// The GraphDoc, its analysis and the selection turned into React Flow's nodes and edges.
// Plain TS: React Flow only renders what this computes. Data objects keep their identity
// while their content is unchanged, so memoised node components skip re-rendering.
import type { Edge, Node } from "@xyflow/react";
import type { AnyBlock } from "../../../nodes";
import { getBlock } from "../../../nodes";
import { type Category, shownParams } from "../../../nodes/types";
import type { Analysis } from "../../compile/analyze";
import type { GraphDoc, ParamValue } from "../../graph/doc";
import { fmtSym } from "../../graph/symbolic";
import type { Diagnostic } from "../state/diagnostics";
import type { Selection } from "../state/editorStore";
import { inlineParams } from "./paramText";

export interface PortIssue {
  severity: "error" | "warning";
  message: string;
  expected?: string;
  actual?: string;
  fixLabel?: string;
}

export interface PortView {
  name: string;
  doc?: string;
  /** Output ports: the inferred shape, batch as B. Input ports: the shape arriving. */
  shape?: string;
  issue?: PortIssue;
}

export interface BlockNodeData extends Record<string, unknown> {
  type: string;
  category: Category | "unknown";
  inline: { name: string; value: string }[];
  inputs: PortView[];
  outputs: PortView[];
  frozen: boolean;
  errors: number;
  warnings: number;
  /** Problems that concern the node as a whole (a bad param, a cycle), not one port. */
  nodeIssues: PortIssue[];
}

export interface ShapeEdgeData extends Record<string, unknown> {
  shape?: string;
  /** Why the wire is refused: the error pinned to its target port. */
  issue?: string;
}

export type BlockFlowNode = Node<BlockNodeData, "block">;
export type ShapeFlowEdge = Edge<ShapeEdgeData, "shape">;

export type Measured = Record<string, { width: number; height: number }>;

export interface FlowInput {
  doc: GraphDoc;
  analysis: Analysis;
  diagnostics: Diagnostic[];
  selection: Selection;
  measured: Measured;
}

const toIssue = (d: Diagnostic): PortIssue => ({
  severity: d.severity,
  message: d.message,
  expected: d.expected,
  actual: d.actual,
  fixLabel: d.fix?.label,
});

function blockData(
  type: string,
  def: AnyBlock | undefined,
  params: Record<string, ParamValue>,
  frozen: boolean,
  shapes: Record<string, string | undefined>,
  incoming: Record<string, string | undefined>,
  diags: Diagnostic[],
): BlockNodeData {
  const at = (port: string) =>
    diags.find((d) => d.port === port && d.severity === "error") ?? diags.find((d) => d.port === port);
  const ports = new Set([...(def?.inputs ?? []), ...(def?.outputs ?? [])].map((p) => p.name));
  return {
    type,
    category: def?.category ?? "unknown",
    inline: def ? inlineParams(shownParams(def, params), params) : [],
    inputs: (def?.inputs ?? []).map((p) => {
      const d = at(p.name);
      return { name: p.name, doc: p.doc, shape: incoming[p.name], ...(d ? { issue: toIssue(d) } : {}) };
    }),
    outputs: (def?.outputs ?? []).map((p) => {
      const d = at(p.name);
      return { name: p.name, doc: p.doc, shape: shapes[p.name], ...(d ? { issue: toIssue(d) } : {}) };
    }),
    frozen,
    errors: diags.filter((d) => d.severity === "error").length,
    warnings: diags.filter((d) => d.severity === "warning").length,
    nodeIssues: diags.filter((d) => !d.port || !ports.has(d.port)).map(toIssue),
  };
}

/** A function from FlowInput to nodes and edges that reuses unchanged objects between calls. */
export function createFlowModel() {
  const dataCache = new Map<string, { key: string; data: BlockNodeData }>();
  const nodeCache = new Map<string, BlockFlowNode>();
  const edgeCache = new Map<string, ShapeFlowEdge>();

  return ({ doc, analysis, diagnostics, selection, measured }: FlowInput) => {
    const byNode = new Map<string, Diagnostic[]>();
    for (const d of diagnostics) if (d.node) byNode.set(d.node, [...(byNode.get(d.node) ?? []), d]);
    const selectedNodes = new Set(selection.nodes);
    const selectedEdges = new Set(selection.edges);

    const nodes: BlockFlowNode[] = doc.nodes.map((n) => {
      const info = analysis.nodes.get(n.id);
      const def = getBlock(n.type);
      const shapes: Record<string, string | undefined> = {};
      for (const p of def?.outputs ?? [])
        shapes[p.name] = info?.shapes?.[p.name] && fmtSym(info.shapes[p.name]);
      const incoming: Record<string, string | undefined> = {};
      for (const p of def?.inputs ?? []) {
        const e = info?.incoming[p.name];
        const s = e && analysis.nodes.get(e.source.node)?.shapes?.[e.source.port];
        incoming[p.name] = s ? fmtSym(s) : undefined;
      }
      const diags = byNode.get(n.id) ?? [];
      const params = info?.params ?? n.params;
      const key = JSON.stringify([n.type, params, n.frozen, shapes, incoming, diags]);
      let cached = dataCache.get(n.id);
      if (!cached || cached.key !== key) {
        cached = { key, data: blockData(n.type, def, params, n.frozen === true, shapes, incoming, diags) };
        dataCache.set(n.id, cached);
      }
      const prev = nodeCache.get(n.id);
      const selected = selectedNodes.has(n.id);
      const size = measured[n.id];
      if (
        prev &&
        prev.data === cached.data &&
        prev.position === n.position &&
        prev.selected === selected &&
        prev.measured === size
      ) {
        return prev;
      }
      const node: BlockFlowNode = {
        id: n.id,
        type: "block",
        position: n.position,
        data: cached.data,
        selected,
        ...(size ? { measured: size } : {}),
      };
      nodeCache.set(n.id, node);
      return node;
    });

    const edges: ShapeFlowEdge[] = doc.edges.map((e) => {
      const s = analysis.nodes.get(e.source.node)?.shapes?.[e.source.port];
      const issue = diagnostics.find(
        (d) => d.severity === "error" && d.node === e.target.node && d.port === e.target.port,
      );
      const shape = s ? fmtSym(s) : undefined;
      const selected = selectedEdges.has(e.id);
      const prev = edgeCache.get(e.id);
      if (
        prev &&
        prev.source === e.source.node &&
        prev.sourceHandle === e.source.port &&
        prev.target === e.target.node &&
        prev.targetHandle === e.target.port &&
        prev.data?.shape === shape &&
        prev.data?.issue === issue?.message &&
        prev.selected === selected
      ) {
        return prev;
      }
      const edge: ShapeFlowEdge = {
        id: e.id,
        type: "shape",
        source: e.source.node,
        sourceHandle: e.source.port,
        target: e.target.node,
        targetHandle: e.target.port,
        selected,
        data: { shape, ...(issue ? { issue: issue.message } : {}) },
      };
      edgeCache.set(e.id, edge);
      return edge;
    });

    // Forget nodes that are gone, so a re-added id starts fresh.
    const live = new Set(doc.nodes.map((n) => n.id));
    for (const id of nodeCache.keys()) {
      if (live.has(id)) continue;
      nodeCache.delete(id);
      dataCache.delete(id);
    }
    const liveEdges = new Set(doc.edges.map((e) => e.id));
    for (const id of edgeCache.keys()) if (!liveEdges.has(id)) edgeCache.delete(id);
    return { nodes, edges };
  };
}
