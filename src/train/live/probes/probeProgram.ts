// The program a probe runs: the graph's forward pass on the probe batch and, when gradients
// are watched, one backward pass giving d(objective)/d(every node output, every wire, every
// weight) together. Compiled once per document and batch, then reused for every snapshot.
import { grad } from "../../../autodiff/grad";
import { type Analysis, analyze } from "../../../compile/analyze";
import { type FeedSpec, lowerGraph, type VariableSpec } from "../../../compile/lowerGraph";
import { objectiveOf } from "../../../compile/program";
import type { GraphDoc } from "../../../graph/doc";
import type { Tensor } from "../../../ir/builder";
import type { IRNode } from "../../../ir/prims";

export interface ProbeProgram {
  analysis: Analysis;
  batch: number;
  nodes: IRNode[];
  feeds: Map<string, FeedSpec>;
  variables: Map<string, VariableSpec>;
  /** Output value id by "node.port", in topological order. */
  ports: Map<string, number>;
  /** Present when gradients were asked for and the graph has an objective. */
  loss?: number;
  /** d(objective)/d(output) by "node.port". */
  portGrads: Map<string, number>;
  /** d(objective)/d(value on the wire) by edge key "src.port->dst.port". */
  edgeGrads: Map<string, number>;
  /** d(objective)/d(weight) by variable name (frozen weights too: what would flow if thawed). */
  weightGrads: Map<string, number>;
  /** Why there are no gradients, when asked for but impossible (no objective). */
  noGradient?: string;
}

export function buildProbeProgram(
  doc: GraphDoc,
  batch: number,
  gradients: boolean,
  mode: "train" | "eval" = "train",
): ProbeProgram {
  const analysis = analyze(doc);
  const g = lowerGraph(analysis, { batch, mode, tapEdges: gradients });
  const p: ProbeProgram = {
    analysis,
    batch,
    nodes: g.b.nodes,
    feeds: g.feeds,
    variables: g.variables,
    ports: new Map([...g.ports].map(([k, t]) => [k, t.id])),
    portGrads: new Map(),
    edgeGrads: new Map(),
    weightGrads: new Map(),
  };
  if (!gradients) return p;
  let total: Tensor;
  try {
    total = objectiveOf(analysis, g).total;
  } catch (e) {
    p.noGradient = (e as Error).message;
    return p;
  }
  p.loss = total.id;
  const y = total.size === 1 && total.rank ? total.reshape([]) : total;
  // Edges into optimisers carry the objective itself, which nothing downstream reads.
  const edges = [...(g.edges ?? [])].filter(([k]) => {
    const dst = k.slice(k.indexOf("->") + 2, k.lastIndexOf("."));
    return analysis.nodes.get(dst)?.def.category !== "optimizers";
  });
  const weights = [...g.variables.values()].filter((v) => v.kind === "weight");
  const ports = [...g.ports];
  // One backward pass for all of them: grad accumulates every cotangent on the way anyway.
  const gs = grad(g.b, y, [
    ...ports.map(([, t]) => t),
    ...edges.map(([, t]) => t),
    ...weights.map((v) => g.weightTensors.get(v.node)![v.param]),
  ]);
  let i = 0;
  for (const [k] of ports) p.portGrads.set(k, gs[i++].id);
  for (const [k] of edges) p.edgeGrads.set(k, gs[i++].id);
  for (const v of weights) p.weightGrads.set(v.name, gs[i++].id);
  return p;
}

/** Compiled probe programs per document: a new doc object (an edit) compiles afresh. */
const cache = new WeakMap<GraphDoc, Map<string, ProbeProgram>>();

export function probeProgram(
  doc: GraphDoc,
  batch: number,
  gradients: boolean,
  mode: "train" | "eval" = "train",
): ProbeProgram {
  let byKey = cache.get(doc);
  if (!byKey) {
    byKey = new Map();
    cache.set(doc, byKey);
  }
  const key = `${batch}:${gradients}:${mode}`;
  let p = byKey.get(key);
  if (!p) {
    p = buildProbeProgram(doc, batch, gradients, mode);
    byKey.set(key, p);
  }
  return p;
}
