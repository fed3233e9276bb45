/**
 * 2-D two-class sets in the style of TensorFlow Playground. Inputs lie in about
 * [-6, 6]^2 (the Playground's scale), which a small tanh/ReLU MLP with default init
 * fits quickly and which lets the UI draw every set on one fixed canvas.
 * Samples alternate classes (0, 1, 0, 1, ...) so classes are exactly balanced.
 */
import { buildClassification } from "./build.ts";
import { COMMON_PARAMS, resolveParams } from "./params.ts";
import type { Dataset, DatasetParamSpec } from "./types.ts";

export type CommonParams = { n_samples: number; noise: number; seed: number; test_fraction: number };

const FEATURES = ["x1", "x2"];

export const SPIRAL_PARAMS: DatasetParamSpec[] = COMMON_PARAMS({
  n_samples: 400,
  noise: 0.2,
  noiseDoc: "Standard deviation of Gaussian jitter added to each coordinate.",
});

/** Two interleaved spiral arms (1.75 turns, radius 0..5), the second rotated by pi. */
export function spiral(params: Partial<CommonParams> = {}): Dataset {
  const p = resolveParams("spiral", SPIRAL_PARAMS, params) as CommonParams;
  return buildClassification({
    name: "spiral",
    n: p.n_samples,
    numClasses: 2,
    xShape: [2],
    seed: p.seed,
    testFraction: p.test_fraction,
    featureNames: FEATURES,
    classNames: ["arm 0", "arm 1"],
    sample(label, j, m, rng, out) {
      const r = (5 * j) / m;
      const t = ((1.75 * j) / m) * 2 * Math.PI + label * Math.PI;
      out[0] = r * Math.sin(t) + rng.normal(0, p.noise);
      out[1] = r * Math.cos(t) + rng.normal(0, p.noise);
      return label;
    },
  });
}

export const CIRCLES_PARAMS: DatasetParamSpec[] = COMMON_PARAMS({
  n_samples: 400,
  noise: 0.2,
  noiseDoc: "Standard deviation of Gaussian jitter added to each coordinate.",
});

/** Class 0: a disc of radius 2; class 1: a ring of radius 3.5..5 around it. */
export function circles(params: Partial<CommonParams> = {}): Dataset {
  const p = resolveParams("circles", CIRCLES_PARAMS, params) as CommonParams;
  return buildClassification({
    name: "circles",
    n: p.n_samples,
    numClasses: 2,
    xShape: [2],
    seed: p.seed,
    testFraction: p.test_fraction,
    featureNames: FEATURES,
    classNames: ["inner", "ring"],
    sample(label, _j, _m, rng, out) {
      const r = label === 0 ? rng.uniform(0, 2) : rng.uniform(3.5, 5);
      const a = rng.uniform(0, 2 * Math.PI);
      out[0] = r * Math.cos(a) + rng.normal(0, p.noise);
      out[1] = r * Math.sin(a) + rng.normal(0, p.noise);
      return label;
    },
  });
}

export const XOR_PARAMS: DatasetParamSpec[] = COMMON_PARAMS({
  n_samples: 400,
  noise: 0.2,
  noiseDoc: "Standard deviation of Gaussian jitter added after labelling (blurs the axes).",
});

/**
 * Class 1 when x1 * x2 > 0 (quadrants I and III), class 0 otherwise. Each coordinate's
 * magnitude is 0.3..5.3: the 0.3 margin (as in the Playground) keeps the clean set
 * separable; noise then pushes points across the axes.
 */
export function xor(params: Partial<CommonParams> = {}): Dataset {
  const p = resolveParams("xor", XOR_PARAMS, params) as CommonParams;
  return buildClassification({
    name: "xor",
    n: p.n_samples,
    numClasses: 2,
    xShape: [2],
    seed: p.seed,
    testFraction: p.test_fraction,
    featureNames: FEATURES,
    classNames: ["different sign", "same sign"],
    sample(label, _j, _m, rng, out) {
      const s1 = rng.uniform() < 0.5 ? -1 : 1;
      const s2 = label === 1 ? s1 : -s1;
      out[0] = s1 * rng.uniform(0.3, 5.3) + rng.normal(0, p.noise);
      out[1] = s2 * rng.uniform(0.3, 5.3) + rng.normal(0, p.noise);
      return label;
    },
  });
}

export const GAUSSIANS_PARAMS: DatasetParamSpec[] = COMMON_PARAMS({
  n_samples: 400,
  noise: 1,
  noiseDoc: "Standard deviation of each blob (the blobs overlap noticeably above about 2).",
});

/** Two round blobs centred at (-2, -2) and (2, 2): linearly separable at the default noise. */
export function gaussians(params: Partial<CommonParams> = {}): Dataset {
  const p = resolveParams("gaussians", GAUSSIANS_PARAMS, params) as CommonParams;
  return buildClassification({
    name: "gaussians",
    n: p.n_samples,
    numClasses: 2,
    xShape: [2],
    seed: p.seed,
    testFraction: p.test_fraction,
    featureNames: FEATURES,
    classNames: ["blob 0", "blob 1"],
    sample(label, _j, _m, rng, out) {
      const c = label === 0 ? -2 : 2;
      out[0] = rng.normal(c, p.noise);
      out[1] = rng.normal(c, p.noise);
      return label;
    },
  });
}
