// What the output views need to know about a graph's structure: its analysis (cached per
// document, since viewsFor runs on every state message), who feeds whom, and which ports
// have trainable or random ancestry.
import type { DatasetParams } from "../../../../nodes/Dataset";
import { type Analysis, analyze } from "../../../compile/analyze";
import type { GraphDoc } from "../../../graph/doc";
import type { SymShape } from "../../../graph/symbolic";

const analyses = new WeakMap<GraphDoc, Analysis>();

export function analysisOf(doc: GraphDoc): Analysis {
  let a = analyses.get(doc);
  if (!a) {
    a = analyze(doc);
    analyses.set(doc, a);
  }
  return a;
}

/** "node.port" of what feeds an input port, if wired. */
export function sourceOf(a: Analysis, node: string, port: string): string | undefined {
  const e = a.nodes.get(node)?.incoming[port];
  return e ? `${e.source.node}.${e.source.port}` : undefined;
}

export function shapeOf(a: Analysis, key: string): SymShape | undefined {
  const dot = key.lastIndexOf(".");
  return a.nodes.get(key.slice(0, dot))?.shapes?.[key.slice(dot + 1)];
}

export const nodeOf = (key: string): string => key.slice(0, key.lastIndexOf("."));

/** Blocks that only move values around: a target traced through them is still the data's y. */
const PASS_THROUGH = new Set(["Reshape", "Flatten", "Transpose", "Detach"]);

/** Follows a port back through shape-only blocks to where its values come from. */
export function origin(a: Analysis, key: string): string {
  let k = key;
  for (;;) {
    const info = a.nodes.get(nodeOf(k));
    if (!info || !PASS_THROUGH.has(info.def.type)) return k;
    const src = sourceOf(a, info.id, "in");
    if (!src) return k;
    k = src;
  }
}

/** Every node upstream of `node` (itself excluded). */
export function upstream(a: Analysis, node: string): Set<string> {
  const seen = new Set<string>();
  const stack = Object.values(a.nodes.get(node)?.incoming ?? {}).map((e) => e.source.node);
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const e of Object.values(a.nodes.get(n)?.incoming ?? {})) stack.push(e.source.node);
  }
  return seen;
}

export const hasTrainable = (a: Analysis, node: string): boolean => {
  const info = a.nodes.get(node);
  return !!info && !info.frozen && Object.values(info.weights).some((w) => w.trainable !== false);
};

export const nodesOfType = (a: Analysis, type: string): string[] =>
  a.order.filter((id) => a.nodes.get(id)!.def.type === type);

export function datasetParams(a: Analysis, node: string): DatasetParams | undefined {
  const info = a.nodes.get(node);
  return info?.def.type === "Dataset" ? (info.params as unknown as DatasetParams) : undefined;
}

export const hasOptimizer = (a: Analysis): boolean =>
  a.order.some((id) => a.nodes.get(id)!.def.category === "optimizers");

/** Per-sample dims of a batched shape (["B", 2] → [2]); undefined when it has no leading batch. */
export function perSample(s: SymShape | undefined): number[] | undefined {
  if (s?.[0] !== "B" || s.slice(1).some((d) => d === "B")) return undefined;
  return s.slice(1) as number[];
}
