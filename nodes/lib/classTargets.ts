import { fmtSym, PortShapeError, requireRank, type SymShape, staticDim } from "../../src/graph/symbolic";
import type { Tensor } from "../../src/ir/builder";

// Shared by CrossEntropyLoss and NLLLoss: scores [B, C, d1, …] against class indices
// [B, d1, …] (float-coded ints) or, for cross-entropy, probabilities shaped like the scores.

/**
 * Check the two ports and say which kind of target arrived. As in torch ≥ 1.10, a target
 * with the input's shape holds probabilities, one with the class dim dropped holds indices.
 */
export function classTargetKind(
  inputs: Record<string, SymShape | undefined>,
  allowProbs: boolean,
): { kind: "indices" | "probs"; classes: number } {
  const x = requireRank(inputs, "input", [2, 3, 4, 5], "scores [B, C] or [B, C, d1, …]");
  const t = requireRank(inputs, "target", [1, 2, 3, 4, 5], "a target");
  const classes = staticDim(x, 1, "input", "the class count C (dim 1)");
  const indexShape = [x[0], ...x.slice(2)];
  if (fmtSym(t) === fmtSym(indexShape)) return { kind: "indices", classes };
  if (allowProbs && fmtSym(t) === fmtSym(x)) return { kind: "probs", classes };
  const expected = allowProbs
    ? `class indices ${fmtSym(indexShape)} or probabilities ${fmtSym(x)}`
    : `class indices ${fmtSym(indexShape)}`;
  throw new PortShapeError(
    "target",
    `expected ${expected} for input ${fmtSym(x)}, got ${fmtSym(t)}`,
    expected,
    t,
  );
}

/** [B, C, d1, …] → [N, C] with the classes last, N = B·d1·…; a probability target follows the same path. */
export function classesLast(x: Tensor): Tensor {
  if (x.rank === 2) return x;
  const perm = [0, ...x.shape.slice(2).map((_, i) => i + 2), 1];
  return x.transpose(perm).reshape([-1, x.shape[1]]);
}

/**
 * x[n, t[n]] for scores x [N, C] and indices t [N], as Σ_c x[n, c]·[t[n] = c]: a mask the
 * size of the scores, which the loss's log-softmax already reads in full, so it costs no
 * more than it, and its gradient is the same mask (an elementwise product). A gather on the
 * flattened scores would be O(N) forward but its adjoint, scatter_add, has each of the N·C
 * outputs scan all N indices (no float atomics on the GPU): 13 % of an MNIST MLP step.
 * An index outside [0, C) gives NaN, which the loss shows, not a silent zero.
 */
export function pickClass(x: Tensor, t: Tensor): Tensor {
  const [n, c] = x.shape;
  const b = x.b;
  const classes = b.constant(
    Array.from({ length: c }, (_, i) => i),
    [1, c],
  );
  // |t − c| < ½: the float-coded index matches class c (as the gather rounded).
  const mask = t.reshape([n, 1]).sub(classes).abs().lt(0.5);
  const inRange = t.gt(-0.5).mul(t.lt(c - 0.5));
  return b.where(inRange, x.mul(mask).sum(1), Number.NaN);
}

/** Fraction of rows whose largest score sits at the target index (ties have measure zero). */
export function indexAccuracy(x: Tensor, t: Tensor): Tensor {
  return pickClass(x, t).eq(x.reduceMax(1)).mean();
}

/** Fraction of rows whose largest score sits at the target distribution's most likely class. */
export function probsAccuracy(x: Tensor, p: Tensor): Tensor {
  const atMax = (v: Tensor) => v.eq(v.reduceMax(1, true));
  // min(…, 1): a row with tied maxima counts once.
  return atMax(x).mul(atMax(p)).sum(1).min(1).mean();
}
