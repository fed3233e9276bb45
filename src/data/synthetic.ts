/** The registry of seeded synthetic generators, keyed by the name a graph uses. */
import {
  CIRCLES_PARAMS,
  circles,
  GAUSSIANS_PARAMS,
  gaussians,
  SPIRAL_PARAMS,
  spiral,
  XOR_PARAMS,
  xor,
} from "./synthetic-2d.ts";
import { LINEAR_PARAMS, linear, SINE_PARAMS, sine } from "./synthetic-regression.ts";
import { SINE_SEQUENCE_PARAMS, sineSequence, TOKENS_PARAMS, tokens } from "./synthetic-sequence.ts";
import type { Dataset, DatasetInfo, DatasetParams } from "./types.ts";

export type { CommonParams } from "./synthetic-2d.ts";
export { circles, gaussians, spiral, xor } from "./synthetic-2d.ts";
export { linear, rosenbrock, sine } from "./synthetic-regression.ts";
export type { SineSequenceParams, TokensParams } from "./synthetic-sequence.ts";
export { sineSequence, tokens } from "./synthetic-sequence.ts";

export interface SyntheticEntry extends DatasetInfo {
  /** Validates `params` (unknown names and out-of-range values throw) and builds the set. */
  make(params?: DatasetParams): Dataset;
}

// The generators validate their params at run time, so widening to DatasetParams is safe.
type Generator = (params: DatasetParams) => Dataset;
const g = (f: (params: never) => Dataset): Generator => f as unknown as Generator;

export const syntheticDatasets = {
  spiral: {
    name: "spiral",
    task: "classification",
    description: "Two interleaved spiral arms (2-D, 2 classes); needs a nonlinear model.",
    params: SPIRAL_PARAMS,
    make: (p = {}) => g(spiral)(p),
  },
  circles: {
    name: "circles",
    task: "classification",
    description: "A disc inside a ring (2-D, 2 classes); needs a nonlinear model.",
    params: CIRCLES_PARAMS,
    make: (p = {}) => g(circles)(p),
  },
  xor: {
    name: "xor",
    task: "classification",
    description: "Class = sign of x1 * x2 (2-D, 2 classes); the classic non-linearly-separable set.",
    params: XOR_PARAMS,
    make: (p = {}) => g(xor)(p),
  },
  gaussians: {
    name: "gaussians",
    task: "classification",
    description: "Two Gaussian blobs (2-D, 2 classes); linearly separable, for logistic regression.",
    params: GAUSSIANS_PARAMS,
    make: (p = {}) => g(gaussians)(p),
  },
  sine: {
    name: "sine",
    task: "regression",
    description: "y = sin(x) + noise for x in [-pi, pi] (1-D regression).",
    params: SINE_PARAMS,
    make: (p = {}) => g(sine)(p),
  },
  linear: {
    name: "linear",
    task: "regression",
    description: "y = 2x + 1 + noise for x in [-1, 1] (1-D linear regression).",
    params: LINEAR_PARAMS,
    make: (p = {}) => g(linear)(p),
  },
  sine_sequence: {
    name: "sine_sequence",
    task: "regression",
    description: "Predict the next value of a sine wave from the last T values (xShape [T, 1]); for RNNs.",
    params: SINE_SEQUENCE_PARAMS,
    make: (p = {}) => g(sineSequence)(p),
  },
  tokens: {
    name: "tokens",
    task: "classification",
    description: "Token-id sequences; class = group of the first token (xShape [T]); for embeddings.",
    params: TOKENS_PARAMS,
    make: (p = {}) => g(tokens)(p),
  },
} satisfies Record<string, SyntheticEntry>;

export type SyntheticName = keyof typeof syntheticDatasets;

export const SYNTHETIC_NAMES = Object.keys(syntheticDatasets) as SyntheticName[];
