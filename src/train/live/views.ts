// Output views of the whole model (decision boundary, fit curve, predictions grid, …): which
// ones fit a graph, and computing one from the run as it is now. Each view lives in views/;
// this file only matches graphs to views.
import type { GraphDoc } from "../../graph/doc";
import type { LiveContext, OutputView, OutputViewKind } from "./types";
import { type CategoricalPlan, categorical, findCategorical } from "./views/categorical";
import { decisionBoundary, fitsDecisionBoundary } from "./views/decisionBoundary";
import { type EmbeddingPlan, embeddingScatter, findEmbedding } from "./views/embeddingScatter";
import { fitCurve, fitsFitCurve } from "./views/fitCurve";
import { findVae, generative, type VaePlan } from "./views/generative";
import { analysisOf } from "./views/graph";
import { fitsImagePredictions, imagePredictions } from "./views/imagePredictions";
import { findPlane, lossSurface, type PlanePlan } from "./views/lossSurface";
import { findReadout, type Readout } from "./views/readout";
import { findGan, type GanPlan, samples2d } from "./views/samples2d";
import { fitsSequence, sequence } from "./views/sequence";
import { findTraces, type TracePlan, traces } from "./views/traces";

export { resetHistory } from "./views/history";

/** How each fitting view will be computed, found once per document. */
interface ViewPlans {
  kinds: OutputViewKind[];
  readout?: Readout;
  vae?: VaePlan;
  plane?: PlanePlan;
  gan?: GanPlan;
  embedding?: EmbeddingPlan;
  categorical?: CategoricalPlan;
  traces?: TracePlan;
}

const plans = new WeakMap<GraphDoc, ViewPlans>();

function plansFor(doc: GraphDoc): ViewPlans {
  const hit = plans.get(doc);
  if (hit) return hit;
  const a = analysisOf(doc);
  const p: ViewPlans = { kinds: [] };
  if (a.problems.length === 0) {
    const r = findReadout(a);
    const vae = findVae(a);
    const gan = findGan(a);
    const plane = findPlane(a);
    const embedding = findEmbedding(a);
    const cat = findCategorical(a);
    const tr = findTraces(a);
    // Best first: the view that says most about what this graph does.
    if (vae) Object.assign(p, { vae }).kinds.push("generative");
    if (gan) Object.assign(p, { gan }).kinds.push("samples-2d");
    if (fitsDecisionBoundary(r)) p.kinds.push("decision-boundary");
    if (fitsFitCurve(r)) p.kinds.push("fit-curve");
    if (fitsImagePredictions(r)) p.kinds.push("image-predictions");
    if (fitsSequence(r)) p.kinds.push("sequence");
    if (embedding) Object.assign(p, { embedding }).kinds.push("embedding-scatter");
    if (cat) Object.assign(p, { categorical: cat }).kinds.push("categorical");
    if (tr) Object.assign(p, { traces: tr }).kinds.push("traces");
    if (plane) Object.assign(p, { plane }).kinds.push("loss-surface");
    if (r) p.readout = r;
  }
  plans.set(doc, p);
  return p;
}

/** The views that fit this graph, best first (empty when none applies). */
export function viewsFor(ctx: Pick<LiveContext, "doc">): OutputViewKind[] {
  return plansFor(ctx.doc).kinds;
}

/**
 * Computes one view of the run as it is now; null when that view does not fit the graph, or
 * when it cannot be computed (a view must never stop training: the failure is logged instead).
 */
export function computeOutputView(ctx: LiveContext, kind: OutputViewKind): OutputView | null {
  const p = plansFor(ctx.doc);
  if (!p.kinds.includes(kind)) return null;
  try {
    return compute(ctx, kind, p);
  } catch (e) {
    console.warn(`output view "${kind}" failed:`, e);
    return null;
  }
}

function compute(ctx: LiveContext, kind: OutputViewKind, p: ViewPlans): OutputView {
  switch (kind) {
    case "decision-boundary":
      return decisionBoundary(ctx, p.readout!);
    case "fit-curve":
      return fitCurve(ctx, p.readout!);
    case "image-predictions":
      return imagePredictions(ctx, p.readout!);
    case "sequence":
      return sequence(ctx, p.readout!);
    case "generative":
      return generative(ctx, p.vae!);
    case "samples-2d":
      return samples2d(ctx, p.gan!);
    case "loss-surface":
      return lossSurface(ctx, p.plane!);
    case "embedding-scatter":
      return embeddingScatter(ctx, p.embedding!);
    case "categorical":
      return categorical(ctx, p.categorical!);
    case "traces":
      return traces(ctx, p.traces!);
  }
}
