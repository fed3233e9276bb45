// Warnings pinned to the node where trouble arises. Each rule states its threshold and why.
import type { LiveWarning } from "../types";
import type { ProbeMemory } from "./memory";

/**
 * A layer whose output gradient is 10⁴ times smaller (or larger) than the last layer's learns
 * about 10⁴ times slower (or faster) under the same learning rate: the signal has been
 * multiplied by every Jacobian between it and the loss. Healthy nets stay within 10² or so.
 */
export const VANISHING_RATIO = 1e-4;
export const EXPLODING_RATIO = 1e4;
/** A weight gradient ten times larger than the weights: one step at lr 0.1 would replace them. */
export const EXPLODING_GRAD_TO_WEIGHT = 10;
/** Above half its units dead, a ReLU layer has lost most of its width for good. */
export const DEAD_RELU_FRACTION = 0.5;

const pct = (x: number) => `${Math.round(x * 100)} %`;
const sci = (x: number) => x.toExponential(1).replace("e", "×10^").replace("^+", "^");

export interface ForwardFinding {
  node: string;
  port: string;
  nonFinite: number;
  total: number;
}

/**
 * NaN/Inf: the first node in topological order whose output has one (upstream nodes are
 * clean, so it arises there). The warning, once raised, stays where it was first seen: later
 * every weight is NaN and the first node would move to the top of the graph.
 */
export function nanWarning(
  found: ForwardFinding | null,
  backward: { node: string } | null,
  step: number,
  mem: ProbeMemory,
): LiveWarning | null {
  if (!found && !backward) {
    mem.firstNaN = null;
    mem.lastFiniteStep = step;
    return null;
  }
  if (mem.firstNaN) return mem.firstNaN;
  const last = mem.lastFiniteStep;
  const when =
    last === null || last >= step - 1 ? `at step ${step}` : `between steps ${last + 1} and ${step}`;
  const w: LiveWarning = found
    ? {
        kind: "nan",
        node: found.node,
        port: found.port,
        step,
        message: `NaN/Inf first appears here ${when}: ${found.nonFinite} of ${found.total} values of "${found.port}" are not finite, while every block upstream is finite.`,
      }
    : {
        kind: "nan",
        node: backward!.node,
        step,
        message: `The gradient turns NaN/Inf in this block's backward pass ${when}: its outputs' gradients are finite but its local derivative at these inputs is not.`,
      };
  mem.firstNaN = w;
  return w;
}

export interface LayerGradient {
  node: string;
  /** RMS of d(objective)/d(output). */
  outRms: number;
  weightNorm: number;
  gradNorm: number;
}

/**
 * Vanishing/exploding gradients between layers (`layers` in topological order): each layer's
 * output-gradient RMS against the last layer's. Pinned where the ratio first crosses the
 * threshold on the way back from the loss, which is where the signal is lost (or blows up).
 */
export function gradientWarnings(layers: LayerGradient[], step: number): LiveWarning[] {
  const out: LiveWarning[] = [];
  const finite = layers.filter((l) => Number.isFinite(l.outRms) && l.outRms > 0);
  const ref = finite.at(-1);
  if (ref && finite.length > 1) {
    for (let i = finite.length - 2; i >= 0; i--) {
      const r = finite[i].outRms / ref.outRms;
      if (r < VANISHING_RATIO || r > EXPLODING_RATIO) {
        const kind = r < 1 ? "vanishing-gradient" : "exploding-gradient";
        out.push({
          kind,
          node: finite[i].node,
          step,
          message: `${kind === "vanishing-gradient" ? "Vanishing" : "Exploding"} gradient: the gradient reaching this block is ${sci(r)} times the one at ${ref.node} (thresholds 10^-4 and 10^4), so it learns about that much ${r < 1 ? "slower" : "faster"}.`,
        });
        break;
      }
    }
  }
  if (!out.some((w) => w.kind === "exploding-gradient")) {
    const big = layers.find((l) => l.weightNorm > 0 && l.gradNorm / l.weightNorm > EXPLODING_GRAD_TO_WEIGHT);
    if (big) {
      out.push({
        kind: "exploding-gradient",
        node: big.node,
        step,
        message: `Exploding gradient: ‖∇w‖ is ${sci(big.gradNorm / big.weightNorm)} times ‖w‖ (threshold ${EXPLODING_GRAD_TO_WEIGHT}); one step at a moderate learning rate would wipe out the weights.`,
      });
    }
  }
  return out;
}

export function deadReluWarning(
  node: string,
  fraction: number,
  batch: number,
  step: number,
): LiveWarning | null {
  if (!(fraction > DEAD_RELU_FRACTION)) return null;
  return {
    kind: "dead-relu",
    node,
    step,
    message: `${pct(fraction)} of this ReLU's units never fire on the ${batch} probe samples (threshold ${pct(DEAD_RELU_FRACTION)}): they output 0, pass no gradient back and stop learning.`,
  };
}
