/** 1-D regression sets for curve fitting; targets have yShape [1]. */
import { buildRegression } from "./build.ts";
import { COMMON_PARAMS, resolveParams } from "./params.ts";
import type { CommonParams } from "./synthetic-2d.ts";
import type { Dataset, DatasetParamSpec } from "./types.ts";

export const SINE_PARAMS: DatasetParamSpec[] = COMMON_PARAMS({
  n_samples: 200,
  noise: 0.1,
  noiseDoc: "Standard deviation of Gaussian noise added to the target.",
});

/** x uniform in [-pi, pi], y = sin(x) + noise: the classic "fit a curve with an MLP". */
export function sine(params: Partial<CommonParams> = {}): Dataset {
  const p = resolveParams("sine", SINE_PARAMS, params) as CommonParams;
  return buildRegression({
    name: "sine",
    n: p.n_samples,
    xShape: [1],
    yShape: [1],
    seed: p.seed,
    testFraction: p.test_fraction,
    featureNames: ["x"],
    sample(_i, rng, x, y) {
      x[0] = rng.uniform(-Math.PI, Math.PI);
      y[0] = Math.sin(x[0]) + rng.normal(0, p.noise);
    },
  });
}

export const LINEAR_PARAMS: DatasetParamSpec[] = COMMON_PARAMS({
  n_samples: 100,
  noise: 0.1,
  noiseDoc: "Standard deviation of Gaussian noise added to the target.",
});

/** x uniform in [-1, 1], y = 2x + 1 + noise: a single Linear layer should recover w=2, b=1. */
export function linear(params: Partial<CommonParams> = {}): Dataset {
  const p = resolveParams("linear", LINEAR_PARAMS, params) as CommonParams;
  return buildRegression({
    name: "linear",
    n: p.n_samples,
    xShape: [1],
    yShape: [1],
    seed: p.seed,
    testFraction: p.test_fraction,
    featureNames: ["x"],
    sample(_i, rng, x, y) {
      x[0] = rng.uniform(-1, 1);
      y[0] = 2 * x[0] + 1 + rng.normal(0, p.noise);
    },
  });
}

/** Rosenbrock's banana function, minimum 0 at (a, a^2); for optimiser demos. */
export function rosenbrock(x: number, y: number, a = 1, b = 100): number {
  return (a - x) ** 2 + b * (y - x * x) ** 2;
}
