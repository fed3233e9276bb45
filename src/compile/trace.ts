// Step-through autodiff: one forward and backward pass of a small graph, primitive by
// primitive, as data for the autodiff lecture. It is the compiler's own output — the IR that
// lowerGraph builds and the backward ops that autodiff/grad appends — executed on the CPU in
// Float64, so every number shown is one wiregrad computes.
import { grad, type VjpStep } from "../autodiff/grad";
import { type Arr, executeCpu } from "../backends/cpu/executor";
import type { GraphDoc } from "../graph/doc";
import type { IRNode } from "../ir/prims";
import { analyze } from "./analyze";
import { lowerGraph } from "./lowerGraph";
import { CompileError } from "./problems";
import { objectiveOf } from "./program";
import { localDerivative } from "./trace/derivatives";
import { attrsText, exprOf } from "./trace/exprs";
import { backwardLabels, forwardLabels } from "./trace/labels";
import type {
  BackwardStep,
  BlockRef,
  Contribution,
  ForwardStep,
  LeafGradient,
  Operand,
  Trace,
  TraceValue,
} from "./trace/types";
import { scalarOf, traceValue } from "./trace/values";

export type * from "./trace/types";
export { fmtNum } from "./trace/values";

/** More primitives than this would be a wall of steps nobody can follow on a projector. */
export const TRACE_LIMIT = 200;

/** Values of everything the pass reads: fed inputs and variables by name (as a grad pass has). */
export interface TraceEnv {
  feeds: Record<string, ArrayLike<number>>;
  variables: Record<string, ArrayLike<number>>;
  seed: number;
  batch: number;
}

export interface TraceOptions {
  /** Show only this block's primitives ("Expand into primitives"). */
  focus?: string;
  limit?: number;
}

const SOURCE_KIND: Partial<Record<string, string>> = {
  variable: "parameter",
  input: "input",
  random: "random numbers",
};

/** An expression used as a name inside a formula gets brackets: ∂loss/∂(out − t4). */
function wrap(label: string): string {
  return /\s/.test(label) ? `(${label})` : label;
}

export class TraceLimitError extends Error {
  override name = "TraceLimitError";
}

export function traceGraph(doc: GraphDoc, env: TraceEnv, opts: TraceOptions = {}): Trace {
  const limit = opts.limit ?? TRACE_LIMIT;
  const a = analyze(doc);
  if (a.problems.length) throw new CompileError(a.problems);
  if (opts.focus !== undefined && !a.nodes.has(opts.focus)) {
    throw new Error(`step-through: there is no block "${opts.focus}" in the graph`);
  }
  const g = lowerGraph(a, { batch: env.batch, mode: "train" });
  const b = g.b;
  const { total, losses } = objectiveOf(a, g);
  const forwardEnd = b.nodes.length;

  // Which block each forward op belongs to: weights by their node, the rest by the span
  // its block emitted; the ops that sum several losses belong to none.
  const blockOf = new Map<number, BlockRef>();
  const typeOf = (node: string) => a.nodes.get(node)?.def.type ?? "";
  for (const v of g.variables.values()) {
    const t = g.weightTensors.get(v.node)?.[v.param];
    if (t) blockOf.set(t.id, { node: v.node, type: typeOf(v.node) });
  }
  for (const [node, [s, e]] of g.spans) {
    for (let id = s; id < e; id++) blockOf.set(id, { node, type: typeOf(node) });
  }
  for (const [key, t] of g.ports) {
    const node = key.slice(0, key.lastIndexOf("."));
    const ref = blockOf.get(t.id);
    if (ref?.node === node) ref.port = key.slice(node.length + 1);
  }

  const inFocus = (id: number) => opts.focus === undefined || blockOf.get(id)?.node === opts.focus;
  const counted = (n: IRNode) => n.prim !== "const";
  const primitiveCount = b.nodes.slice(0, forwardEnd).filter(counted).length;
  const shownCount = b.nodes.slice(0, forwardEnd).filter((n) => counted(n) && inFocus(n.id)).length;
  if (shownCount > limit) {
    const what = opts.focus ? `Block "${opts.focus}" lowers` : "This graph lowers";
    const hint = opts.focus
      ? "Try a smaller block."
      : 'Select one block and choose "Expand into primitives" to step through it alone.';
    throw new TraceLimitError(
      `${what} to ${shownCount} primitives; step-through shows at most ${limit}. ${hint}`,
    );
  }

  // The leaves that get gradients: trainable parameters and fed Inputs.
  const leafSpecs: { tensor: number; kind: LeafGradient["kind"]; name: string; node: string }[] = [];
  for (const v of g.variables.values()) {
    const t = g.weightTensors.get(v.node)?.[v.param];
    if (t && v.trainable) leafSpecs.push({ tensor: t.id, kind: "parameter", name: v.name, node: v.node });
  }
  for (const f of g.feeds.values()) {
    if (typeOf(f.node) !== "Input") continue;
    const id = b.nodes.findIndex((n) => n.prim === "input" && (n.attrs as { name: string }).name === f.name);
    if (id >= 0) leafSpecs.push({ tensor: id, kind: "input", name: f.name, node: f.node });
  }

  const steps: VjpStep[] = [];
  const leafGrads = grad(
    b,
    total,
    leafSpecs.map((l) => b.tensor(l.tensor)),
    undefined,
    (s) => steps.push(s),
  );

  const vals = executeCpu(
    b.nodes,
    b.nodes.map((n) => n.id),
    { dtype: "f64", feeds: env.feeds, variables: env.variables, seed: env.seed, step: 0 },
  );
  const valueCache = new Map<number, TraceValue>();
  const shownValue = (id: number): TraceValue => {
    let v = valueCache.get(id);
    if (!v) {
      v = traceValue(vals[id] as Arr, b.nodes[id].shape);
      valueCache.set(id, v);
    }
    return v;
  };

  const labels = forwardLabels(b.nodes, forwardEnd, {
    g,
    typeOf,
    outputCount: (node) => a.nodes.get(node)?.def.outputs.length ?? 1,
  });
  // Several losses summed, or a loss port read further: call the objective what it is.
  const objectiveName = losses.size > 1 || !labels.has(total.id) ? "loss" : labels.get(total.id)!;
  labels.set(total.id, objectiveName);
  const dName = (label: string) => `∂${objectiveName}/∂${wrap(label)}`;
  const gradNames = new Map<number, string>();
  // One op can be several gradients (a sum passes its cotangent through unchanged): it keeps
  // the first name it gets, the seed's ∂f/∂f.
  const nameGrad = (id: number, label: string) => {
    if (!gradNames.has(id)) gradNames.set(id, dName(label));
  };
  for (const s of steps) {
    nameGrad(s.cotangent.id, labels.get(s.id)!);
    for (const c of s.contributions) nameGrad(c.total.id, labels.get(c.input)!);
  }
  backwardLabels(b.nodes, forwardEnd, b.nodes.length, labels, gradNames);
  const op = (id: number, label = labels.get(id) ?? `%${id}`): Operand => ({
    id,
    label,
    value: shownValue(id),
  });

  const forward: ForwardStep[] = [];
  const forwardIndex = new Map<number, number>();
  const leafIds = new Set(leafSpecs.map((l) => l.tensor));
  for (let id = 0; id < forwardEnd; id++) {
    const n = b.nodes[id];
    if (!counted(n) || !inFocus(id)) continue;
    forwardIndex.set(id, forward.length);
    const args = n.inputs.map((i) => labels.get(i)!);
    forward.push({
      index: forward.length,
      id,
      prim: n.prim,
      label: labels.get(id)!,
      inputs: n.inputs.map((i) => op(i)),
      attrs: n.inputs.length ? attrsText(n.attrs) : "",
      expr: n.inputs.length ? exprOf(n.prim, args, n.attrs) : (SOURCE_KIND[n.prim] ?? n.prim),
      valueExpr:
        n.inputs.length && n.inputs.every((i) => shownValue(i).size === 1)
          ? exprOf(
              n.prim,
              n.inputs.map((i) => shownValue(i).text),
              n.attrs,
            )
          : undefined,
      value: shownValue(id),
      block: blockOf.get(id),
      leaf: leafIds.has(id),
    });
  }

  const backward: BackwardStep[] = [];
  for (const s of steps) {
    if (!inFocus(s.id)) continue;
    const n = b.nodes[s.id];
    const xs = n.inputs.map((i) => shownValue(i));
    const y = shownValue(s.id);
    const ctx = {
      names: n.inputs.map((i) => wrap(labels.get(i)!)),
      x: xs.map(scalarOf),
      y: scalarOf(y),
      yName: wrap(labels.get(s.id)!),
      attrs: n.attrs,
      broadcast: xs.map((x) => x.size !== y.size),
    };
    const contributions: Contribution[] = s.contributions.map((c) => ({
      slot: c.slot,
      input: op(c.input),
      local: localDerivative(n.prim, ctx, c.slot),
      grad: op(c.grad.id, c.grad.id === c.total.id ? dName(labels.get(c.input)!) : undefined),
      total: op(c.total.id, dName(labels.get(c.input)!)),
      accumulates: c.total.id !== c.grad.id,
    }));
    backward.push({
      index: backward.length,
      forwardId: s.id,
      forwardIndex: forwardIndex.get(s.id) ?? -1,
      prim: n.prim,
      label: labels.get(s.id)!,
      expr: exprOf(
        n.prim,
        n.inputs.map((i) => labels.get(i)!),
        n.attrs,
      ),
      block: blockOf.get(s.id),
      adjoint: op(s.cotangent.id, dName(labels.get(s.id)!)),
      contributions,
      emitted: s.emitted,
    });
  }

  const leaves: LeafGradient[] = leafSpecs
    .map((l, i) => ({
      label: labels.get(l.tensor)!,
      kind: l.kind,
      name: l.name,
      node: l.node,
      forwardId: l.tensor,
      grad: op(leafGrads[i].id, dName(labels.get(l.tensor)!)),
    }))
    .filter((l) => opts.focus === undefined || l.node === opts.focus);

  for (let id = 0; id < b.nodes.length; id++) shownValue(id);
  const focus = opts.focus === undefined ? undefined : { node: opts.focus, type: typeOf(opts.focus) };
  return {
    objective: op(total.id),
    forward,
    backward,
    leaves,
    program: b.nodes,
    backwardStart: forwardEnd,
    labels,
    values: valueCache,
    focus,
    primitiveCount,
  };
}
