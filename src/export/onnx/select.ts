import type { Analysis } from "../../compile/analyze";
import type { GraphProblem } from "../../compile/problems";
import { TRAINING_ONLY } from "./emit";

// Which part of a graph is its inference graph: everything but the losses, the optimisers,
// the targets and what is computed from them. Graph inputs are the Inputs and datasets'
// x that still feed something; outputs are what nothing else in it consumes.

export interface PortKey {
  node: string;
  port: string;
}

export interface InferenceSelection {
  /** Kept node ids, in topological order. */
  kept: string[];
  /** Ports whose values leave the graph. */
  outputs: PortKey[];
  /** What was left out, and why (by design, not a failure). */
  notes: GraphProblem[];
}

const SOURCES = new Set(["Input", "Dataset", "Constant", "Parameter"]);

export function selectInference(a: Analysis): InferenceSelection {
  const notes: GraphProblem[] = [];
  const dropped = new Set<string>();
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    if (TRAINING_ONLY.includes(info.def.category)) {
      const what = info.def.category === "losses" ? "a loss" : "an optimiser";
      notes.push({ node: id, message: `left out: ${info.def.type} is ${what}, used for training only` });
      dropped.add(id);
      continue;
    }
    for (const e of Object.values(info.incoming)) {
      const src = a.nodes.get(e.source.node)!;
      const fromTargets = src.def.type === "Dataset" && e.source.port === "y";
      if (fromTargets || dropped.has(e.source.node)) {
        const why = fromTargets
          ? `the targets ${e.source.node}.y, which an inference graph does not have`
          : `${e.source.node}, which is training-only`;
        notes.push({ node: id, message: `left out: it depends on ${why}` });
        dropped.add(id);
        break;
      }
    }
  }

  /** Whether any output of `id` is read by a node that stays. */
  const consumedByKept = (id: string) =>
    a.nodes
      .get(id)!
      .def.outputs.some((p) =>
        (a.consumers.get(`${id}.${p.name}`) ?? []).some((e) => !dropped.has(e.target.node)),
      );

  // A source that feeds nothing kept (an Input wired only to a loss's target) is no input.
  for (const id of a.order) {
    if (dropped.has(id) || !SOURCES.has(a.nodes.get(id)!.def.type) || consumedByKept(id)) continue;
    const fedSomething = a.nodes.get(id)!.def.outputs.some((p) => a.consumers.has(`${id}.${p.name}`));
    const why = fedSomething
      ? "it feeds only training-only blocks (such as a loss's target)"
      : "nothing reads it";
    notes.push({ node: id, message: `left out: ${why}` });
    dropped.add(id);
  }
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    if (info.def.type === "Dataset" && !dropped.has(id) && a.consumers.has(`${id}.y`)) {
      notes.push({
        node: id,
        message: `${id}.y (the targets) is not a graph input: inference has no targets`,
      });
    }
  }

  const kept = a.order.filter((id) => !dropped.has(id));
  // A node nothing kept reads from gives all its outputs (an LSTM's out, h_n and c_n); one
  // that is read gives none, so side outputs such as an unused h_n stay inside.
  const outputs: PortKey[] = kept
    .filter((id) => !SOURCES.has(a.nodes.get(id)!.def.type) && !consumedByKept(id))
    .flatMap((id) => a.nodes.get(id)!.def.outputs.map((p) => ({ node: id, port: p.name })));
  return { kept, outputs, notes };
}
