// The editor's "check gradients": every trainable weight's reverse-mode gradient against
// central finite differences, in Float64 on the CPU executor, element by element. Written
// as a generator so the page can run it in slices between frames and show progress; the
// step and tolerances are gradcheck.ts's, which the generated block tests use.
import { executeCpu } from "../../backends/cpu/executor";
import { FD_STEP, GRAD_ATOL, GRAD_RTOL } from "../gradcheck";
import type { Program } from "../program";

export interface ParamCheck {
  /** Variable name, "fc1.weight". */
  name: string;
  node: string;
  param: string;
  size: number;
  /** Elements compared: all of a small tensor, an even spread of a large one. */
  checked: number;
  maxAbsErr: number;
  maxRelErr: number;
  /** The element furthest off. */
  worst: { index: number; analytic: number; numeric: number };
  ok: boolean;
}

export interface GradientCheck {
  params: ParamCheck[];
  /** |objective| at the point checked: rounding in the differences scales with it. */
  objective: number;
  tolerance: { atol: number; rtol: number; step: number; why: string };
}

export interface CheckProgress {
  done: number;
  total: number;
  param: string;
}

const EPS = 2.220446049250313e-16;

/**
 * Tolerance for |analytic − numeric| ≤ atol + rtol·|numeric|. The central difference with
 * step h errs by O(h²·f''') ≈ 1e-12 from truncation and ≈ ε·|f|/h from rounding; atol stays
 * two orders above that rounding even for a large objective, so a failure is a wrong
 * gradient, never the arithmetic of the check (a wrong rule is off by O(1)).
 */
export function toleranceFor(objective: number): GradientCheck["tolerance"] {
  const rounding = (EPS * Math.max(1, Math.abs(objective))) / FD_STEP;
  const atol = Math.max(GRAD_ATOL, 100 * rounding);
  const why =
    `central differences with step h = ${FD_STEP.toExponential(0)} in float64: truncation error ~h² ≈ 1e-12, ` +
    `rounding ~ε·|f|/h ≈ ${rounding.toExponential(1)} at |f| = ${Math.abs(objective).toPrecision(3)}; ` +
    `the tolerance sits two orders above that, and a wrong derivative is off by far more.`;
  return { atol, rtol: GRAD_RTOL, step: FD_STEP, why };
}

export interface CheckEnv {
  feeds: Record<string, ArrayLike<number>>;
  variables: Record<string, ArrayLike<number>>;
  seed: number;
}

/** Tensors larger than this are checked on an even spread of this many elements. */
export const MAX_CHECKED_PER_PARAM = 256;

/** Which elements of a tensor of `size` to check: all, or `max` spread evenly (first and last included). */
export function checkedIndices(size: number, max = MAX_CHECKED_PER_PARAM): number[] {
  if (size <= max) return Array.from({ length: size }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (size - 1)) / (max - 1)));
}

/** Yields progress after each element; returns the result. `p` is a grad program (buildGradProgram). */
export function* checkGradients(
  p: Program,
  env: CheckEnv,
  maxPerParam = MAX_CHECKED_PER_PARAM,
): Generator<CheckProgress, GradientCheck> {
  if (p.loss === undefined) throw new Error("check gradients: the graph has nothing to differentiate");
  // Float64 copies: the check perturbs them in place.
  const variables: Record<string, Float64Array> = {};
  for (const [k, v] of Object.entries(env.variables)) variables[k] = Float64Array.from(v);
  const run = (ids: number[]) =>
    executeCpu(p.nodes, ids, { dtype: "f64", feeds: env.feeds, variables, seed: env.seed, step: 0 });
  const names = [...p.grads.keys()];
  const analytic = run(names.map((k) => p.grads.get(k)!));
  const f0 = run([p.loss])[0][0];
  const tolerance = toleranceFor(f0);
  const picks = names.map((k) => checkedIndices(variables[k].length, maxPerParam));
  const total = picks.reduce((s, ix) => s + ix.length, 0);
  const params: ParamCheck[] = [];
  let done = 0;
  for (const [k, name] of names.entries()) {
    const spec = p.variables.get(name)!;
    const x = variables[name];
    let maxAbsErr = 0;
    let maxRelErr = 0;
    let worst = { index: -1, analytic: 0, numeric: 0 };
    let ok = true;
    for (const i of picks[k]) {
      const orig = x[i];
      x[i] = orig + FD_STEP;
      const fp = run([p.loss])[0][0];
      x[i] = orig - FD_STEP;
      const fm = run([p.loss])[0][0];
      x[i] = orig;
      const numeric = (fp - fm) / (2 * FD_STEP);
      const a = analytic[k][i];
      const err = Math.abs(a - numeric);
      if (!(err <= tolerance.atol + tolerance.rtol * Math.abs(numeric))) ok = false;
      if (err > maxAbsErr || Number.isNaN(err)) {
        maxAbsErr = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
        worst = { index: i, analytic: a, numeric };
      }
      maxRelErr = Math.max(maxRelErr, err / Math.max(1e-12, Math.abs(numeric)));
      done++;
      yield { done, total, param: name };
    }
    params.push({
      name,
      node: spec.node,
      param: spec.param,
      size: x.length,
      checked: picks[k].length,
      maxAbsErr,
      maxRelErr,
      worst,
      ok,
    });
  }
  return { params, objective: f0, tolerance };
}
