// Probes: small summaries of what flows through the graph, for the node views, the gradient
// edge view, the inspector's histories and the warnings. One call evaluates the graph with the
// current weights on a fixed probe batch (CPU executor, float32) and, where the graph has an
// objective, runs one backward pass for every node output, wire and weight at once.
import { executeCpu } from "../../backends/cpu/executor";
import { edgeKey } from "../../compile/lowerGraph";
import { deadFraction } from "./probes/deadUnits";
import { chooseLayout, sampleOf } from "./probes/layout";
import { ProbeMemory } from "./probes/memory";
import { computePlanes, planeNodes, planeSource } from "./probes/plane";
import { probeFeeds } from "./probes/probeBatch";
import { probeProgram } from "./probes/probeProgram";
import { diffNorm, l2norm, rms, summarize } from "./probes/summary";
import {
  deadReluWarning,
  type ForwardFinding,
  gradientWarnings,
  type LayerGradient,
  nanWarning,
} from "./probes/warnings";
import type { LiveContext, LiveWarning, NodeProbe, ParamProbe, ProbeSnapshot } from "./types";

export { ProbeMemory } from "./probes/memory";

export interface ProbeRequest {
  /** Node ids whose outputs are summarised; empty = every node. */
  nodes: string[];
  /** Also summarise the gradient at every watched output and along every wire. */
  gradients: boolean;
  /**
   * Samples in the probe batch: the same training samples for the whole run (chosen by the
   * run's seed), so the pictures change only as the network learns.
   */
  batch: number;
  /** Grid resolution of the Playground plane view (default 24). */
  planeRes?: number;
}

/** One run at a time per worker: the default memory follows it (a reset or new run clears it). */
const defaultMemory = new ProbeMemory();

/**
 * A snapshot of the graph under the current weights. Throws CompileError when the graph does
 * not compile (the trainer would not be running then). Weight gradients and update ratios
 * are always computed (the inspector's histories need them); `gradients` adds those of every
 * node output and wire.
 */
export function computeProbes(
  ctx: LiveContext,
  req: ProbeRequest,
  memory: ProbeMemory = defaultMemory,
): ProbeSnapshot {
  memory.begin(ctx.step, ctx.run);
  const p = probeProgram(ctx.doc, Math.max(1, req.batch), true);
  const a = p.analysis;
  const watched = req.nodes.length ? new Set(req.nodes) : null;
  const isWatched = (id: string) => !watched || watched.has(id);

  // Every port is computed (NaN is looked for everywhere); only watched ones are summarised.
  const portKeys = [...p.ports.keys()];
  const portGradKeys = req.gradients ? portKeys.filter((k) => p.portGrads.has(k)) : [];
  const edgeKeys = req.gradients ? [...p.edgeGrads.keys()] : [];
  const weightNames = [...p.weightGrads.keys()];
  const ids = [
    ...portKeys.map((k) => p.ports.get(k)!),
    ...portGradKeys.map((k) => p.portGrads.get(k)!),
    ...edgeKeys.map((k) => p.edgeGrads.get(k)!),
    ...weightNames.map((k) => p.weightGrads.get(k)!),
  ];
  const vals = executeCpu(p.nodes, ids, {
    dtype: "f32",
    feeds: probeFeeds(p, ctx.datasets, ctx.seed),
    variables: Object.fromEntries(ctx.variables),
    seed: ctx.seed,
    step: ctx.step,
  });
  let at = 0;
  const take = <K>(keys: K[]) => new Map(keys.map((k) => [k, vals[at++]]));
  const portVals = take(portKeys);
  const portGradVals = take(portGradKeys);
  const edgeVals = take(edgeKeys);
  const weightGradVals = take(weightNames);

  const planeFrom = planeSource(a);
  const planeSet = planeFrom ? planeNodes(a, planeFrom) : new Map<string, string>();
  const planes = computePlanes(ctx.doc, a, ctx, isWatched, req.planeRes);

  const nodes: Record<string, NodeProbe> = {};
  const warnings: LiveWarning[] = [];
  let firstNaN: ForwardFinding | null = null;
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    const ports = info.def.outputs.map((o) => o.name);
    for (const port of ports) {
      const v = portVals.get(`${id}.${port}`);
      if (!firstNaN && v) {
        const bad = countNonFinite(v);
        if (bad) firstNaN = { node: id, port, nonFinite: bad, total: v.length };
      }
    }
    // The view reads the node's main output: x for a Dataset, the first output otherwise.
    const port = planeSet.get(id) ?? ports[0];
    const key = `${id}.${port}`;
    const v = portVals.get(key);
    if (!port || !v || !isWatched(id)) continue;
    const shape = [...p.nodes[p.ports.get(key)!].shape];
    const sym = info.shapes?.[port];
    const { layout, item } = chooseLayout({
      sym,
      shape,
      isDataSource: info.def.type === "Dataset" || info.def.type === "Input",
      plane: planes.has(id),
    });
    const batched = sym?.[0] === "B";
    const probe: NodeProbe = {
      port,
      value: summarize(v, shape),
      layout,
      ...sampleOf(layout, item, v, batched),
    };
    const plane = planes.get(id);
    if (plane) probe.plane = plane;
    const g = portGradVals.get(key);
    if (g) {
      probe.grad = { ...summarize(g, shape), norm: l2norm(g) };
      probe.gradSample = sampleOf(layout, item, g, batched).sample;
    }
    if (info.def.type === "ReLU") {
      probe.deadFraction = deadFraction(v, shape);
      const w = deadReluWarning(id, probe.deadFraction, p.batch, ctx.step);
      if (w) warnings.push(w);
    }
    nodes[id] = probe;
  }

  const edges: Record<string, number> = {};
  const edgeBad = new Set<string>();
  for (const [k, g] of edgeVals) {
    edges[k] = l2norm(g);
    if (countNonFinite(g)) edgeBad.add(k);
  }

  const params: Record<string, ParamProbe[]> = {};
  const layers: LayerGradient[] = [];
  for (const id of a.order) {
    const vars = [...p.variables.values()].filter((v) => v.node === id && p.weightGrads.has(v.name));
    if (!vars.length) continue;
    let weightSq = 0;
    let gradSq = 0;
    const list: ParamProbe[] = [];
    for (const v of vars) {
      const w = ctx.variables.get(v.name);
      const g = weightGradVals.get(v.name);
      if (!w || !g) continue;
      const wNorm = l2norm(w);
      const gNorm = l2norm(g);
      weightSq += wNorm * wNorm;
      gradSq += gNorm * gNorm;
      const r = memory.updateRatio(v.name, ctx.step, w, diffNorm, wNorm);
      list.push({
        name: v.param,
        weight: summarize(w, v.shape),
        grad: { ...summarize(g, v.shape), norm: gNorm },
        updateRatio: r.ratio,
        updateSteps: r.steps,
      });
    }
    if (isWatched(id) && list.length) params[id] = list;
    const out = a.nodes.get(id)!.def.outputs[0];
    const og =
      out && p.portGrads.has(`${id}.${out.name}`)
        ? outputGradRms(portGradVals.get(`${id}.${out.name}`))
        : Number.NaN;
    layers.push({ node: id, outRms: og, weightNorm: Math.sqrt(weightSq), gradNorm: Math.sqrt(gradSq) });
  }
  if (req.gradients) warnings.push(...gradientWarnings(layers, ctx.step));

  const nan = nanWarning(
    firstNaN,
    firstNaN ? null : backwardNaN(a.order, p, portGradVals, edgeBad),
    ctx.step,
    memory,
  );
  if (nan) warnings.unshift(nan);
  return { step: ctx.step, nodes, edges, params, warnings };
}

function outputGradRms(g: ArrayLike<number> | undefined): number {
  return g ? rms(g) : Number.NaN;
}

function countNonFinite(v: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) n++;
  return n;
}

/**
 * Where a NaN arises in the backward pass: the block nearest the loss whose outputs' gradients
 * are finite but which sends a non-finite gradient into one of its input wires.
 */
function backwardNaN(
  order: string[],
  p: ReturnType<typeof probeProgram>,
  portGrads: Map<string, ArrayLike<number>>,
  edgeBad: Set<string>,
): { node: string } | null {
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i];
    const info = p.analysis.nodes.get(id)!;
    const outsFinite = info.def.outputs.every((o) => {
      const g = portGrads.get(`${id}.${o.name}`);
      return !g || countNonFinite(g) === 0;
    });
    if (outsFinite && Object.values(info.incoming).some((e) => edgeBad.has(edgeKey(e)))) return { node: id };
  }
  return null;
}
