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
 * x[n, t[n]] for scores x [N, C] and indices t [N]: one gather on the flattened scores at
 * n·C + t[n] (a gather on axis 1 would give [N, N] and need its diagonal). An index outside
 * [0, C) would silently read the neighbouring row, so it is sent to −1 instead, which the
 * gather refuses.
 */
export function pickClass(x: Tensor, t: Tensor): Tensor {
  const [n, c] = x.shape;
  const b = x.b;
  const rowStart = b.constant(
    Array.from({ length: n }, (_, i) => i * c),
    [n],
  );
  const inRange = t.gt(-0.5).mul(t.lt(c - 0.5));
  return x.reshape([n * c]).gather(b.where(inRange, t.add(rowStart), -1), 0);
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
