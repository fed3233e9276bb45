// What an edit means to a running training session: moving blocks or retitling the graph
// means nothing; a new learning rate is a hyperparameter the step reads as an input; the
// step budget is bookkeeping; anything else changes the program and needs a recompile
// (which keeps the weights of blocks whose parameter shapes did not change).
import { analyze } from "../../compile/analyze";
import type { Program } from "../../compile/program";
import type { GraphDoc } from "../../graph/doc";

export type DocChange =
  | { kind: "none" }
  | { kind: "hyper"; values: { name: string; value: number }[] }
  | { kind: "rebuild"; why: string };

/** The parts of a document a compiled program depends on, as comparable text. */
function programKey(doc: GraphDoc, skipParams?: Set<string>): string {
  const nodes = doc.nodes.map((n) => {
    const params = Object.fromEntries(
      Object.entries(n.params ?? {}).filter(([k]) => !skipParams?.has(`${n.id}.${k}`)),
    );
    return [n.id, n.type, params, n.frozen ?? false, n.weights ?? null];
  });
  const edges = doc.edges.map((e) => [e.source.node, e.source.port, e.target.node, e.target.port]);
  const t = doc.training;
  return JSON.stringify([nodes, edges, t?.batch_size, t?.seed, t?.test_fraction]);
}

/** Optimiser parameters the step reads as inputs ("opt.lr"), not the list of what it updates. */
function optimiserParams(doc: GraphDoc, program: Program): Set<string> {
  const optimisers = new Set(program.optimizers.map((o) => o.node));
  const keys = new Set<string>();
  for (const n of doc.nodes) {
    if (!optimisers.has(n.id)) continue;
    for (const k of Object.keys(n.params ?? {})) if (k !== "params") keys.add(`${n.id}.${k}`);
  }
  return keys;
}

export function classifyChange(before: GraphDoc, after: GraphDoc, program: Program | null): DocChange {
  if (programKey(before) === programKey(after)) return { kind: "none" };
  if (!program) return { kind: "rebuild", why: "the graph changed" };
  const skip = new Set([...optimiserParams(before, program), ...optimiserParams(after, program)]);
  if (programKey(before, skip) !== programKey(after, skip))
    return { kind: "rebuild", why: "the graph changed" };
  // Only optimiser settings changed: their values as the program names them (Adam's betas
  // are fed as beta1 and beta2), with the block's defaults filled in.
  const a = analyze(after);
  if (a.problems.length) return { kind: "rebuild", why: "the graph has problems" };
  const values: { name: string; value: number }[] = [];
  for (const { node } of program.optimizers) {
    const info = a.nodes.get(node);
    const hyper = info?.def.optimizer?.hyper(info.params as never);
    if (!hyper) return { kind: "rebuild", why: `${node} is no longer an optimiser` };
    for (const [h, v] of Object.entries(hyper)) {
      const name = `${node}.${h}`;
      const spec = program.hyper.get(name);
      if (!spec) return { kind: "rebuild", why: `${name} is new` };
      if (!Number.isFinite(v)) return { kind: "rebuild", why: `${name} is not a number` };
      if (spec.value !== v) values.push({ name, value: v });
    }
  }
  return { kind: "hyper", values };
}
