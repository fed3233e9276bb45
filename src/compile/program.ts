import { grad } from "../autodiff/grad";
import type { GraphDoc } from "../graph/doc";
import type { Tensor } from "../ir/builder";
import type { IRNode } from "../ir/prims";
import { type Analysis, analyze, ancestors } from "./analyze";
import { type FeedSpec, type LoweredGraph, lowerGraph, type VariableSpec } from "./lowerGraph";
import { CompileError, type GraphProblem } from "./problems";

/** A run-time scalar (learning rate, momentum, step count): an `input` op, so changing it never recompiles. */
export interface HyperSpec {
  name: string;
  node: string;
  param: string;
  value: number;
}

/**
 * One compiled program: a whole training step (forward, backward, optimiser updates) or
 * a forward/gradient pass. Backends execute `nodes` and write `updates` back to variables.
 */
export interface Program {
  kind: "train" | "grad" | "eval";
  batch: number;
  nodes: IRNode[];
  feeds: Map<string, FeedSpec>;
  hyper: Map<string, HyperSpec>;
  variables: Map<string, VariableSpec>;
  /** Value ids of interest. */
  loss?: number;
  /** Per loss block ("node.loss"), for several losses. */
  losses: Map<string, number>;
  metrics: Map<string, number>;
  ports: Map<string, number>;
  grads: Map<string, number>;
  /** Variable name → value id written after the step. */
  updates: Map<string, number>;
  /** Which optimiser updates which variables. */
  optimizers: { node: string; type: string; variables: string[] }[];
}

/** What a grad program differentiates: the loss blocks summed, or the graph's single scalar sink. */
export function objectiveOf(
  a: Analysis,
  g: LoweredGraph,
  summedScale = 1,
): { total: Tensor; losses: Map<string, Tensor> } {
  const losses = new Map<string, Tensor>();
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    if (info.def.category !== "losses") continue;
    let t = g.ports.get(`${id}.loss`);
    // A loss that sums over the batch grows with it; rescale so evaluation on chunks of any
    // size reports it as on a training batch, comparable with the training log.
    if (t && summedScale !== 1 && info.params.reduction === "sum") t = t.mul(summedScale);
    if (t) losses.set(`${id}.loss`, t);
  }
  if (losses.size > 0) {
    let total: Tensor | undefined;
    for (const t of losses.values()) total = total ? total.add(t) : t;
    return { total: total!, losses };
  }
  // No loss block: differentiate the single sink, which must be a scalar (autodiff lecture
  // graphs). An output read only by optimisers still counts as the graph's output.
  const readByModel = (key: string) =>
    (a.consumers.get(key) ?? []).some((e) => a.nodes.get(e.target.node)?.def.category !== "optimizers");
  const sinks = a.order.filter((id) => {
    const info = a.nodes.get(id)!;
    return (
      info.def.category !== "optimizers" && info.def.outputs.every((p) => !readByModel(`${id}.${p.name}`))
    );
  });
  const problem = (message: string): never => {
    throw new CompileError([{ message }]);
  };
  if (a.order.length === 0) problem("the graph is empty: add blocks, or open an example, to train");
  if (sinks.length !== 1) {
    problem(
      `nothing to differentiate: add a loss block, or leave exactly one unconsumed output (found ${sinks.length}: ${sinks.join(", ")})`,
    );
  }
  const sink = a.nodes.get(sinks[0])!;
  if (sink.def.outputs.length !== 1) problem(`the sink ${sinks[0]} must have a single output`);
  const t = g.ports.get(`${sinks[0]}.${sink.def.outputs[0].name}`)!;
  if (t.size !== 1) {
    throw new CompileError([
      {
        node: sinks[0],
        message: `the graph's output must be a scalar to be differentiated, got [${t.shape.join(", ")}]`,
      },
    ]);
  }
  const total = t.rank === 0 ? t : t.reshape([]);
  losses.set(`${sinks[0]}.${sink.def.outputs[0].name}`, total);
  return { total, losses };
}

function emptyProgram(kind: Program["kind"], batch: number, g: LoweredGraph): Program {
  return {
    kind,
    batch,
    nodes: g.b.nodes,
    feeds: g.feeds,
    hyper: new Map(),
    variables: g.variables,
    losses: new Map(),
    metrics: new Map([...g.metrics].map(([k, t]) => [k, t.id])),
    ports: new Map([...g.ports].map(([k, t]) => [k, t.id])),
    grads: new Map(),
    updates: new Map(),
    optimizers: [],
  };
}

/**
 * Forward only, in eval mode (dropout off, running stats used): predictions and test
 * metrics. With `trainBatch`, batch-summed losses are scaled to a training batch's size.
 */
export function buildEvalProgram(
  doc: GraphDoc,
  batch: number,
  a: Analysis = analyze(doc),
  trainBatch?: number,
): Program {
  const g = lowerGraph(a, { batch, mode: "eval" });
  const p = emptyProgram("eval", batch, g);
  try {
    const { total, losses } = objectiveOf(a, g, trainBatch ? trainBatch / batch : 1);
    p.loss = total.id;
    for (const [k, t] of losses) p.losses.set(k, t.id);
  } catch {
    // A graph with no objective still has predictions.
  }
  return p;
}

/** One forward and backward pass: the loss, every output and d(loss)/d(every trainable weight). */
export function buildGradProgram(doc: GraphDoc, batch: number, a: Analysis = analyze(doc)): Program {
  const g = lowerGraph(a, { batch, mode: "train" });
  const p = emptyProgram("grad", batch, g);
  const { total, losses } = objectiveOf(a, g);
  p.loss = total.id;
  for (const [k, t] of losses) p.losses.set(k, t.id);
  const vars = [...g.variables.values()].filter((v) => v.trainable);
  const gs = grad(
    g.b,
    total,
    vars.map((v) => g.weightTensors.get(v.node)![v.param]),
  );
  vars.forEach((v, i) => {
    p.grads.set(v.name, gs[i].id);
  });
  return p;
}

/** A whole training step: forward, backward and every optimiser's update, as one program. */
export function buildTrainProgram(doc: GraphDoc, batch: number, a: Analysis = analyze(doc)): Program {
  const g = lowerGraph(a, { batch, mode: "train" });
  const p = emptyProgram("train", batch, g);
  const { total, losses } = objectiveOf(a, g);
  p.loss = total.id;
  for (const [k, t] of losses) p.losses.set(k, t.id);
  const b = g.b;
  const problems: GraphProblem[] = [];
  const owner = new Map<string, string>();

  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    const opt = info.def.optimizer;
    if (!opt) continue;
    const lossEdge = info.incoming.loss;
    const objective = lossEdge ? g.ports.get(`${lossEdge.source.node}.${lossEdge.source.port}`) : undefined;
    if (!objective) {
      problems.push({ node: id, port: "loss", message: "connect the loss this optimiser minimises" });
      continue;
    }
    // Loss blocks wired to nothing (a lone L2Penalty, a KL term) join every optimiser's
    // objective: dropping a penalty on the canvas should regularise without extra wiring.
    let target = objective;
    for (const [key, t] of losses) {
      const node = key.slice(0, key.lastIndexOf("."));
      if (t !== objective && !a.consumers.get(key) && a.nodes.get(node)?.def.category === "losses")
        target = target.add(t);
    }
    const listed = (info.params.params as string[]) ?? [];
    for (const n of listed) {
      if (!a.nodes.has(n)) problems.push({ node: id, param: "params", message: `params: no node "${n}"` });
    }
    const scope = listed.length ? new Set(listed) : ancestors(a, lossEdge!.source.node);
    const vars = [...g.variables.values()].filter((v) => v.trainable && scope.has(v.node));
    if (vars.length === 0) {
      problems.push({
        node: id,
        message: "has no trainable parameters to update (all frozen, or none upstream)",
      });
      continue;
    }
    for (const v of vars) {
      const prev = owner.get(v.name);
      if (prev)
        problems.push({
          node: id,
          message: `${v.name} is already updated by ${prev}; list params explicitly`,
        });
      owner.set(v.name, id);
    }
    const hyper: Record<string, Tensor> = {};
    for (const [h, value] of Object.entries(opt.hyper(info.params))) {
      const name = `${id}.${h}`;
      p.hyper.set(name, { name, node: id, param: h, value });
      hyper[h] = b.input(name, []);
    }
    const stepName = `${id}.step`;
    p.hyper.set(stepName, { name: stepName, node: id, param: "step", value: 1 });
    const step = b.input(stepName, []);
    const params = vars.map((v) => g.weightTensors.get(v.node)![v.param]);
    const gs = grad(b, target.size === 1 && target.rank ? target.reshape([]) : target, params);
    vars.forEach((v, i) => {
      p.grads.set(v.name, gs[i].id);
      const slots: Record<string, Tensor> = {};
      for (const s of opt.slots(info.params)) {
        const name = `${id}.${s}:${v.name}`;
        p.variables.set(name, { name, shape: v.shape, node: id, param: s, kind: "slot", trainable: false });
        slots[s] = b.variable(name, v.shape);
      }
      const out = opt.update({ b, params: info.params, param: params[i], grad: gs[i], slots, hyper, step });
      p.updates.set(v.name, out.param.id);
      for (const [s, t] of Object.entries(out.slots)) p.updates.set(`${id}.${s}:${v.name}`, t.id);
    });
    p.optimizers.push({ node: id, type: info.def.type, variables: vars.map((v) => v.name) });
  }
  if (problems.length) throw new CompileError(problems);
  for (const [name, t] of g.stateUpdates) p.updates.set(name, t.id);
  return p;
}

/** Labels for printIR: which value is which port, gradient or update. */
export function programLabels(p: Program): Map<number, string> {
  const m = new Map<number, string>();
  for (const [k, id] of p.ports) m.set(id, k);
  for (const [k, id] of p.grads) m.set(id, `grad ${k}`);
  for (const [k, id] of p.updates) m.set(id, `update ${k}`);
  if (p.loss !== undefined) m.set(p.loss, "loss");
  return m;
}
