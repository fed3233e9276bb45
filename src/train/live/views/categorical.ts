// A learned categorical distribution (gumbel-softmax): the probabilities a Softmax makes of
// learned logits, one relaxed sample drawn from them, and how the probabilities moved.
import type { Analysis } from "../../../compile/analyze";
import type { LiveContext, OutputView } from "../types";
import { forward } from "./forward";
import { hasTrainable, nodesOfType, shapeOf, sourceOf, upstream } from "./graph";
import { seriesOf } from "./history";

export interface CategoricalPlan {
  /** The Softmax whose output is the distribution, and a GumbelSoftmax on the same logits. */
  probs: string;
  sample?: string;
}

/** A Softmax of unbatched, learned logits is a distribution the model learns (not a prediction per sample). */
export function findCategorical(a: Analysis): CategoricalPlan | undefined {
  for (const id of nodesOfType(a, "Softmax")) {
    const s = shapeOf(a, `${id}.out`);
    if (s?.length !== 1 || s[0] === "B" || s[0] < 2) continue;
    if (![...upstream(a, id)].some((n) => hasTrainable(a, n))) continue;
    const logits = sourceOf(a, id, "in");
    const sample = nodesOfType(a, "GumbelSoftmax").find((g) => sourceOf(a, g, "in") === logits);
    return { probs: `${id}.out`, ...(sample ? { sample: `${sample}.out` } : {}) };
  }
  return undefined;
}

export function categorical(ctx: LiveContext, plan: CategoricalPlan): OutputView {
  const ports = plan.sample ? [plan.probs, plan.sample] : [plan.probs];
  const [probs, sample] = forward(ctx, { doc: ctx.doc, batch: 1, feeds: {}, ports });
  const history = seriesOf(ctx, `categorical:${plan.probs}`);
  history.add(ctx.step, [...probs]);
  return {
    kind: "categorical",
    step: ctx.step,
    node: plan.probs.slice(0, plan.probs.lastIndexOf(".")),
    probs: Float32Array.from(probs),
    ...(sample ? { sample: Float32Array.from(sample) } : {}),
    history: { steps: Float32Array.from(history.steps), probs: Float32Array.from(history.rows.flat()) },
  };
}
