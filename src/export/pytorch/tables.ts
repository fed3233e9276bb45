// The tables the generated runtime reads: forward's arguments, the gradients in
// `wiregrad grad --json` layout, the random blocks, the optimisers with their parameter
// groups and objectives, and the metrics.
import { type Analysis, ancestors } from "../../compile/analyze";
import type { Program } from "../../compile/program";
import type { NodeWeight } from "../json";
import type { ModelSource } from "./model";
import { outputKey } from "./model";
import { optimizerEmitters } from "./optim";
import { pyStr } from "./py";

export function argsTable(m: ModelSource): string {
  const rows = m.args.map((x) => `    (${pyStr(x.node)}, ${pyStr(x.port)}, ${pyStr(x.kind)}),`);
  return ["# forward's arguments, in order: (node, port, Input or Dataset)", "ARGS = [", ...rows, "]"].join(
    "\n",
  );
}

export function gradsTable(m: ModelSource, weights: NodeWeight[]): string {
  const rows = weights
    .filter((w) => w.trainable)
    .map(
      (w) => `    (${pyStr(m.stateKeys.get(`${w.node}.${w.param}`)!)}, ${pyStr(w.node)}, ${pyStr(w.param)}),`,
    );
  return [
    "# the trainable weights as `wiregrad grad --json` lists them: (state_dict key, node, weight)",
    "GRADS = [",
    ...rows,
    "]",
  ].join("\n");
}

export function noiseTable(m: ModelSource): string {
  const rows = m.noise.map((x) => `    ${pyStr(x.node)}: (${pyStr(x.attr)}, ${x.fixed}),`);
  return [
    "# random blocks, whose draws --check fixes to wiregrad's: node -> (submodule, fixed-noise version)",
    `NOISE = {${rows.length ? `\n${rows.join("\n")}\n` : ""}}`,
  ].join("\n");
}

export function metricsFunction(m: ModelSource): string {
  // One metric reads as "accuracy", several as "<node>.accuracy", as wiregrad names them.
  const name = (node: string) => (m.metrics.length === 1 ? "accuracy" : `${node}.accuracy`);
  const rows = m.metrics.map((x) => `        ${pyStr(name(x.node))}: ${x.expr},`);
  return [
    "def metrics(out):",
    '    """The accuracy of each classification loss, from forward\'s outputs, as wiregrad logs it."""',
    rows.length ? ["    return {", ...rows, "    }"].join("\n") : "    return {}",
  ].join("\n");
}

/**
 * make_optimizers and OBJECTIVES. Each optimiser minimises the loss wired into it plus every
 * loss block wired to nothing (buildTrainProgram's rule); None stands for forward's whole
 * objective, so the usual single-optimiser graph takes one backward pass.
 */
export function optimizerSection(a: Analysis, m: ModelSource, train: Program | undefined): string {
  const opts = train?.optimizers ?? [];
  const ctors: string[] = [];
  const objectives: string[] = [];
  for (const o of opts) {
    const info = a.nodes.get(o.node)!;
    const params = o.variables.map((v) => `model.${m.stateKeys.get(v)!}`);
    const list = wrapList(params, "            ");
    const owners = [...new Set(o.variables.map((v) => v.slice(0, v.lastIndexOf("."))))];
    ctors.push(`        # node ${o.node} (${o.type}): the parameters of ${owners.join(", ")}`);
    ctors.push(`        ${optimizerEmitters[o.type](info.params, list)},`);
    const e = info.incoming.loss!;
    const wired = outputKey(a, e.source.node, e.source.port);
    const terms = [wired];
    for (const id of a.order) {
      const n = a.nodes.get(id)!;
      const key = outputKey(a, id, "loss");
      if (n.def.category === "losses" && !a.consumers.get(`${id}.loss`) && key !== wired) terms.push(key);
    }
    const same = m.objective && [...terms].sort().join("\n") === [...m.objective].sort().join("\n");
    objectives.push(same ? "None" : `lambda out: ${terms.map((t) => `out[${pyStr(t)}]`).join(" + ")}`);
  }
  return [
    "def make_optimizers(model):",
    '    """The optimiser blocks as torch.optim objects, each over the parameters wiregrad gives it."""',
    ctors.length ? ["    return [", ...ctors, "    ]"].join("\n") : "    return []",
    "",
    "",
    `OPTIMIZERS = [${opts.map((o) => pyStr(o.node)).join(", ")}]`,
    "# what each optimiser minimises, from forward's outputs (None: forward's objective itself)",
    `OBJECTIVES = [${objectives.join(", ")}]`,
  ].join("\n");
}

/**
 * The loss blocks that sum over a batch drawn from a Dataset (reduction "sum"): under DDP each
 * process sums over its shard only, so the training step counts them once per process.
 */
export function shardSums(a: Analysis): string {
  const keys = a.order.filter((id) => {
    const info = a.nodes.get(id)!;
    if (info.def.category !== "losses" || info.params.reduction !== "sum") return false;
    return [...ancestors(a, id)].some((up) => a.nodes.get(up)!.def.type === "Dataset");
  });
  const list = keys.map((id) => pyStr(outputKey(a, id, "loss"))).join(", ");
  return `SHARD_SUMS = [${list}]  # losses summed over a sharded batch (see shard_sums)`;
}

/** A Python list, one item per line when it would not fit on one. */
function wrapList(items: string[], pad: string): string {
  const flat = `[${items.join(", ")}]`;
  if (flat.length <= 60) return flat;
  return `[\n${items.map((x) => `${pad}${x},`).join("\n")}\n${pad.slice(4)}]`;
}

/** DDP must look for parameters that get no gradient when some trainable weight feeds no objective. */
export function findUnused(a: Analysis, m: ModelSource, weights: NodeWeight[]): boolean {
  const used = new Set<string>();
  for (const key of m.objective ?? []) {
    const node = a.nodes.has(key) ? key : key.slice(0, key.lastIndexOf("."));
    for (const id of ancestors(a, node)) {
      used.add(id);
      // L2Penalty reads the weights of the blocks it lists.
      for (const listed of (a.nodes.get(id)!.def.type === "L2Penalty"
        ? a.nodes.get(id)!.params.params
        : []) as string[])
        used.add(listed);
    }
  }
  return weights.some((w) => w.trainable && !used.has(w.node));
}
