// Runs the model forward on inputs a view chooses (a grid over the plane, some test images)
// and reads back the ports it asks for, on the CPU executor in float32. Programs are cached
// per document and batch size, so a view compiles once per graph, not once per update.
import { executeCpu } from "../../../backends/cpu/executor";
import { buildEvalProgram, type Program } from "../../../compile/program";
import type { GraphDoc } from "../../../graph/doc";
import type { LiveContext } from "../types";
import { analysisOf } from "./graph";

const programs = new WeakMap<GraphDoc, Map<number, Program>>();

export function evalProgram(doc: GraphDoc, batch: number): Program {
  let byBatch = programs.get(doc);
  if (!byBatch) {
    byBatch = new Map();
    programs.set(doc, byBatch);
  }
  let p = byBatch.get(batch);
  if (!p) {
    p = buildEvalProgram(doc, batch, analysisOf(doc));
    byBatch.set(batch, p);
  }
  return p;
}

export interface ForwardRequest {
  /** The graph to run (the live one, or a cut copy from cutAt). */
  doc: GraphDoc;
  batch: number;
  /** Values of the program's inputs, e.g. "data.x" (Dataset) or "z" (an Input). */
  feeds: Record<string, ArrayLike<number>>;
  /** "node.port" keys to read; the special key "loss" reads the objective. */
  ports: string[];
  /** Overrides of some variables (a point on a loss surface). */
  variables?: Record<string, ArrayLike<number>>;
}

/** The requested ports' values, in order. Only the ops they need are executed. */
export function forward(ctx: LiveContext, req: ForwardRequest): Float32Array[] {
  const p = evalProgram(req.doc, req.batch);
  const ids = req.ports.map((k) => {
    const id = k === "loss" ? p.loss : p.ports.get(k);
    if (id === undefined) throw new Error(`output view: the graph has no port "${k}"`);
    return id;
  });
  const variables: Record<string, ArrayLike<number>> = {};
  for (const [name, v] of ctx.variables) variables[name] = v;
  if (req.variables) Object.assign(variables, req.variables);
  const out = executeCpu(p.nodes, ids, {
    dtype: "f32",
    feeds: req.feeds,
    variables,
    seed: ctx.seed,
    step: ctx.step,
  });
  return out as Float32Array[];
}

const cuts = new WeakMap<GraphDoc, Map<string, GraphDoc>>();

/**
 * A copy of the graph with `node` replaced by an Input of the given per-sample shape, fed by
 * the node's id: how a view feeds chosen values into the middle of a model (latent points into
 * a VAE's decoder). Wires into the node are dropped; wires out of it keep reading port "out".
 */
export function cutAt(doc: GraphDoc, node: string, shape: number[]): GraphDoc {
  let byKey = cuts.get(doc);
  if (!byKey) {
    byKey = new Map();
    cuts.set(doc, byKey);
  }
  const key = `${node}:${shape.join("x")}`;
  let cut = byKey.get(key);
  if (!cut) {
    cut = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.id === node ? { id: n.id, type: "Input", params: { shape }, position: n.position } : n,
      ),
      edges: doc.edges.filter((e) => e.target.node !== node),
    };
    byKey.set(key, cut);
  }
  return cut;
}
