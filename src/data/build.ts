import { createRng, type Rng } from "./random.ts";
import { shapeSize } from "./shape.ts";
import { splitIndices } from "./split.ts";
import type { Dataset } from "./types.ts";

/**
 * The split draws from its own stream (seed mixed with a constant) so it does not
 * depend on how many numbers a generator consumed: tweaking a generator's sampling
 * keeps the same train/test membership for the same seed.
 */
export function splitRng(seed: number): Rng {
  return createRng((seed ^ 0x5eed5eed) >>> 0);
}

export interface ClassificationSpec {
  name: string;
  n: number;
  numClasses: number;
  xShape: number[];
  seed: number;
  testFraction: number;
  featureNames?: string[];
  classNames?: string[];
  /**
   * Writes sample i's features into `out` (length prod(xShape)) and returns its class.
   * The class is chosen by the caller as i % numClasses so classes are balanced and
   * interleaved (a contiguous slice of the data has every class).
   */
  sample(label: number, indexInClass: number, countInClass: number, rng: Rng, out: Float32Array): number;
}

export function buildClassification(spec: ClassificationSpec): Dataset {
  const { n, numClasses: c } = spec;
  const xs = shapeSize(spec.xShape);
  const x = new Float32Array(n * xs);
  const y = new Float32Array(n);
  const rng = createRng(spec.seed);
  for (let i = 0; i < n; i++) {
    const label = i % c;
    const countInClass = Math.floor(n / c) + (label < n % c ? 1 : 0);
    y[i] = spec.sample(label, Math.floor(i / c), countInClass, rng, x.subarray(i * xs, (i + 1) * xs));
  }
  return {
    name: spec.name,
    task: "classification",
    x,
    y,
    xShape: [...spec.xShape],
    yShape: [],
    n,
    numClasses: c,
    split: splitIndices(n, spec.testFraction, splitRng(spec.seed), y),
    ...(spec.featureNames ? { featureNames: spec.featureNames } : {}),
    ...(spec.classNames ? { classNames: spec.classNames } : {}),
  };
}

export interface RegressionSpec {
  name: string;
  n: number;
  xShape: number[];
  yShape: number[];
  seed: number;
  testFraction: number;
  featureNames?: string[];
  /** Writes sample i's input into `x` and its target into `y`. */
  sample(i: number, rng: Rng, x: Float32Array, y: Float32Array): void;
}

export function buildRegression(spec: RegressionSpec): Dataset {
  const { n } = spec;
  const xs = shapeSize(spec.xShape);
  const ys = shapeSize(spec.yShape);
  const x = new Float32Array(n * xs);
  const y = new Float32Array(n * ys);
  const rng = createRng(spec.seed);
  for (let i = 0; i < n; i++) {
    spec.sample(i, rng, x.subarray(i * xs, (i + 1) * xs), y.subarray(i * ys, (i + 1) * ys));
  }
  return {
    name: spec.name,
    task: "regression",
    x,
    y,
    xShape: [...spec.xShape],
    yShape: [...spec.yShape],
    n,
    split: splitIndices(n, spec.testFraction, splitRng(spec.seed)),
    ...(spec.featureNames ? { featureNames: spec.featureNames } : {}),
  };
}
