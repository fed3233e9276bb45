import { grad } from "../autodiff/grad";
import { executeCpu } from "../backends/cpu/executor";
import type { IRBuilder, Tensor } from "../ir/builder";

// Central finite differences against the reverse-mode gradients, in Float64 on the CPU
// executor. Shared by the generated tests and the editor's "check gradients" button.

/**
 * Tolerance: with h = 1e-6 in Float64 the central difference has truncation error
 * O(h²·f''') ≈ 1e-12 and rounding error ≈ ε·|f|/h ≈ 2e-10·|f|; our test objectives have
 * |f| ≲ 100, so 1e-6 absolute + 1e-5 relative leaves two orders of margin while still
 * catching any wrong rule (those are off by O(1)).
 */
export const FD_STEP = 1e-6;
export const GRAD_ATOL = 1e-6;
export const GRAD_RTOL = 1e-5;

export interface FdTarget {
  /** An `input` or `variable` op whose value is perturbed. */
  tensor: Tensor;
  value: Float64Array;
}

export interface GradcheckResult {
  name: string;
  maxAbsErr: number;
  maxRelErr: number;
  worst: { index: number; analytic: number; numeric: number };
  ok: boolean;
}

/**
 * Compare d(objective)/d(target) from the IR with central differences for each target.
 * `env` names the values of every input and variable the program reads.
 */
export function gradcheck(
  b: IRBuilder,
  objective: Tensor,
  targets: { name: string; tensor: Tensor }[],
  env: { feeds: Record<string, Float64Array>; variables: Record<string, Float64Array>; seed?: number },
): GradcheckResult[] {
  const grads = grad(
    b,
    objective,
    targets.map((t) => t.tensor),
  );
  const run = (ids: number[]) =>
    executeCpu(b.nodes, ids, {
      dtype: "f64",
      feeds: env.feeds,
      variables: env.variables,
      seed: env.seed ?? 0,
      step: 0,
    });
  const analytic = run(grads.map((g) => g.id));
  return targets.map((t, k) => {
    const node = b.node(t.tensor);
    const attrs = node.attrs as { name: string };
    const store = node.prim === "input" ? env.feeds : env.variables;
    const x = store[attrs.name];
    let maxAbsErr = 0;
    let maxRelErr = 0;
    let worst = { index: -1, analytic: 0, numeric: 0 };
    let ok = true;
    for (let i = 0; i < x.length; i++) {
      const orig = x[i];
      x[i] = orig + FD_STEP;
      const fp = run([objective.id])[0][0];
      x[i] = orig - FD_STEP;
      const fm = run([objective.id])[0][0];
      x[i] = orig;
      const numeric = (fp - fm) / (2 * FD_STEP);
      const a = analytic[k][i];
      const err = Math.abs(a - numeric);
      const bad = !(err <= GRAD_ATOL + GRAD_RTOL * Math.abs(numeric));
      if (bad) ok = false;
      if (err > maxAbsErr || Number.isNaN(err)) {
        maxAbsErr = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
        worst = { index: i, analytic: a, numeric };
      }
      maxRelErr = Math.max(maxRelErr, err / Math.max(1e-12, Math.abs(numeric)));
    }
    return { name: t.name, maxAbsErr, maxRelErr, worst, ok };
  });
}
