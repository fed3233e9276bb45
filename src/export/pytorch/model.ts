// The nn.Module: one submodule per block, named after its node id, and a forward that
// visits the blocks in topological order and returns the objective and every block's output
// (keyed as `wiregrad grad --json` keys them, so the two can be compared line by line).
import type { Analysis } from "../../compile/analyze";
import type { GraphProblem } from "../../compile/problems";
import { type EmitCtx, type Emitted, type EmitterTable, NoCounterpart } from "./emit";
import { PyNames } from "./names";
import { pyStr } from "./py";

export interface ForwardArg {
  node: string;
  port: string;
  /** Input or Dataset. */
  kind: "input" | "dataset";
  name: string;
}

export interface ModelSource {
  /** Helper classes (samplers) and the Model class. */
  text: string;
  args: ForwardArg[];
  /** Python name of each node. */
  names: Map<string, string>;
  /** "node.port" → key in forward's outputs dict. */
  outputKeys: Map<string, string>;
  /** Weight "node.param" → state_dict key. */
  stateKeys: Map<string, string>;
  /** Random blocks whose noise `--check` can fix: node → (attribute, fixed class). */
  noise: { node: string; attr: string; fixed: string; source: string }[];
  /** Accuracy expressions of the classification losses, by node. */
  metrics: { node: string; expr: string }[];
  /** Output keys summed into the objective (the loss blocks, or the single scalar sink). */
  objective?: string[];
}

/** The key of an output in `wiregrad grad --json`: the node id, or "node.port" for several outputs. */
export function outputKey(a: Analysis, node: string, port: string): string {
  return a.nodes.get(node)!.def.outputs.length === 1 ? node : `${node}.${port}`;
}

function objectiveRank(a: Analysis, key: string): number {
  const [node, port] = key.includes(".") ? key.split(".") : [key, a.nodes.get(key)!.def.outputs[0].name];
  return a.nodes.get(node)!.shapes![port].length;
}

const indent = (lines: string[], pad: string) => lines.map((l) => (l ? `${pad}${l}` : l));

export function buildModel(
  a: Analysis,
  emitters: EmitterTable,
  problems: GraphProblem[],
  meta: { title: string; objective?: string[] },
): ModelSource {
  const names = new PyNames();
  const pyName = new Map<string, string>();
  for (const id of a.order) pyName.set(id, names.take(id));
  const stateKeys = new Map<string, string>();
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    const stateKey = emitters[info.def.type]?.stateKey;
    for (const w of Object.keys(info.weights)) {
      const name = pyName.get(id)!;
      stateKeys.set(`${id}.${w}`, stateKey ? stateKey(name, w) : `${name}.${w}`);
    }
  }

  const init: string[] = [];
  const body: string[] = [];
  const helpers: string[] = [];
  const args: ForwardArg[] = [];
  const locals = new Map<string, string>();
  const outputKeys = new Map<string, string>();
  const noise: ModelSource["noise"] = [];
  const metrics: ModelSource["metrics"] = [];

  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    const type = info.def.type;
    const name = pyName.get(id)!;
    const emitter = emitters[type];
    if (!emitter) {
      problems.push({ node: id, message: `${type} has no PyTorch counterpart in this exporter` });
      continue;
    }
    const inputs: Record<string, string> = {};
    const inputKeys: Record<string, string> = {};
    const inShapes: EmitCtx["inShapes"] = {};
    for (const [port, e] of Object.entries(info.incoming)) {
      const src = `${e.source.node}.${e.source.port}`;
      const local = locals.get(src);
      if (local === undefined) continue; // its source could not be exported: reported there
      inputs[port] = local;
      inputKeys[port] = outputKey(a, e.source.node, e.source.port);
      inShapes[port] = a.nodes.get(e.source.node)!.shapes![e.source.port];
    }
    if (Object.keys(inputs).length < Object.keys(info.incoming).length) continue;
    const ctx: EmitCtx = {
      id,
      name,
      type,
      params: info.params,
      inputs,
      inputKeys,
      inShapes,
      outShapes: info.shapes ?? {},
      weights: info.weights,
      local: (port) => names.take(`${name}_${port}`),
      weightRef: (node, param) => `self.${stateKeys.get(`${node}.${param}`)}`,
      weightNames: (node) => Object.keys(a.nodes.get(node)?.weights ?? {}),
    };
    let em: Emitted;
    try {
      em = emitter.emit(ctx);
    } catch (e) {
      if (!(e instanceof NoCounterpart)) throw e;
      problems.push({ node: id, message: `no PyTorch counterpart: ${e.message}` });
      continue;
    }
    if (type === "Input" || type === "Dataset") {
      for (const arg of em.args ?? [])
        args.push({ node: id, port: arg.port, kind: type === "Input" ? "input" : "dataset", name: arg.name });
    }
    const comment = `# node ${id} (${type})`;
    if (em.init?.length) init.push(comment, ...em.init);
    if (info.frozen && Object.keys(info.weights).length) {
      init.push(`self.${name}.requires_grad_(False)  # frozen: no optimiser updates it`);
    }
    if (type === "Input" || type === "Dataset") {
      body.push(`${comment}: ${(em.args ?? []).map((x) => x.name).join(", ")} come in as arguments`);
    } else if (info.def.category !== "optimizers") {
      body.push(comment, ...em.lines);
    }
    for (const [port, expr] of Object.entries(em.outputs)) {
      locals.set(`${id}.${port}`, expr);
      outputKeys.set(`${id}.${port}`, outputKey(a, id, port));
    }
    for (const h of em.helpers ?? []) if (!helpers.includes(h)) helpers.push(h);
    if (em.noise) noise.push({ node: id, attr: name, ...em.noise });
    if (em.metric) metrics.push({ node: id, expr: em.metric });
  }

  const objective = meta.objective;
  const byKey = new Map([...outputKeys].map(([k, v]) => [v, locals.get(k)!]));
  if (objective) {
    const terms = objective.map((k) => byKey.get(k)!);
    const what = a.order.some((id) => a.nodes.get(id)!.def.category === "losses")
      ? "the objective: the loss blocks, summed"
      : "the objective: the graph's single scalar output";
    body.push(`# ${what}`);
    // A one-element sink such as [1, 1] becomes a scalar, as wiregrad reshapes it.
    const scalar = objective.length > 1 || objectiveRank(a, objective[0]) === 0;
    body.push(`objective = ${terms.join(" + ")}${scalar ? "" : ".reshape(())"}`);
  } else {
    body.push("# no loss block and no single scalar output: nothing to differentiate");
    body.push("objective = None");
  }
  const outs = [...outputKeys].map(([k, key]) => `    ${pyStr(key)}: ${locals.get(k)},`);
  body.push("return objective, {", ...outs, "}");

  const argList = ["self", ...args.map((x) => x.name)].join(", ");
  const text = [
    ...helpers.flatMap((h) => [h, "", ""]),
    "class Model(nn.Module):",
    `    """${meta.title}: the graph's blocks as submodules named after their node ids."""`,
    "",
    "    def __init__(self):",
    "        super().__init__()",
    ...indent(init, "        "),
    "",
    `    def forward(${argList}):`,
    '        """The blocks in topological order; returns the objective and every block\'s output."""',
    ...indent(body, "        "),
  ].join("\n");
  return { text, args, names: pyName, outputKeys, stateKeys, noise, metrics, objective };
}
