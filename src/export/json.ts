// The native export: the GraphDoc with every weight embedded. A graph saved from the editor
// or trained by the CLI already carries its weights; one that does not gets the weights a
// training run would start from, so the file alone reproduces wiregrad's predictions.
import { analyze } from "../compile/analyze";
import { CompileError } from "../compile/problems";
import { buildEvalProgram } from "../compile/program";
import { initVariables } from "../compile/variables";
import type { GraphDoc, WeightTensor } from "../graph/doc";
import { encodeWeight } from "../graph/weights";

export interface NodeWeight {
  node: string;
  /** state_dict name within the node (weight, bias, running_mean, a Parameter's value). */
  param: string;
  shape: number[];
  data: Float32Array;
  /** false for buffers (batch-norm running stats) and frozen blocks' weights. */
  trainable: boolean;
}

/**
 * Every weight and buffer of the graph, in topological order: the embedded values where the
 * doc has them, else the seeded initialisation wiregrad itself uses (initVariables), so an
 * export starts exactly where `wiregrad train` would. Optimiser state is not part of a model.
 */
export function graphWeights(doc: GraphDoc, seed = doc.training?.seed ?? 0): NodeWeight[] {
  const a = analyze(doc);
  if (a.problems.length) throw new CompileError(a.problems);
  // The variables do not depend on the batch or the mode; eval lowering needs no objective.
  const p = buildEvalProgram(doc, doc.training?.batch_size ?? 1, a);
  const { values, problems } = initVariables(p, doc, seed);
  if (problems.length) throw new CompileError(problems);
  const out: NodeWeight[] = [];
  for (const v of p.variables.values()) {
    if (v.kind === "slot") continue;
    out.push({
      node: v.node,
      param: v.param,
      shape: [...v.shape],
      data: values.get(v.name)!,
      trainable: v.trainable,
    });
  }
  return out;
}

/** The GraphDoc with every node's weights embedded (as plain arrays, readable and diffable). */
export function exportJson(doc: GraphDoc, seed?: number): GraphDoc {
  const byNode = new Map<string, Record<string, WeightTensor>>();
  for (const w of graphWeights(doc, seed)) {
    const entry = byNode.get(w.node) ?? {};
    // Keep an embedded weight byte for byte (a base64 one stays base64).
    entry[w.param] =
      doc.nodes.find((n) => n.id === w.node)?.weights?.[w.param] ?? encodeWeight(w.shape, w.data);
    byNode.set(w.node, entry);
  }
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (byNode.has(n.id) ? { ...n, weights: byNode.get(n.id) } : n)),
  };
}
