/** Sequence sets for RNNs and embeddings. */
import { buildClassification, buildRegression } from "./build.ts";
import { COMMON_PARAMS, resolveParams } from "./params.ts";
import type { CommonParams } from "./synthetic-2d.ts";
import type { Dataset, DatasetParamSpec } from "./types.ts";

export type SineSequenceParams = CommonParams & { seq_len: number };

export const SINE_SEQUENCE_PARAMS: DatasetParamSpec[] = [
  ...COMMON_PARAMS({
    n_samples: 500,
    noise: 0.05,
    noiseDoc: "Standard deviation of Gaussian noise added to every input step and the target.",
  }),
  { name: "seq_len", type: "int", default: 20, min: 2, max: 500, doc: "Window length T (time steps)." },
];

/** Radians per time step: about 21 steps per period, so a 20-step window sees one cycle. */
const SINE_STEP = 0.3;

/**
 * Windows of a sine wave at a random phase: x[t] = sin(phase + 0.3 t), t = 0..T-1
 * (xShape [T, 1]) and y = the next value sin(phase + 0.3 T) (yShape [1]).
 * Without noise the next value is exactly 2cos(0.3) x[T-1] - x[T-2], so the task is
 * learnable by any model that keeps the last two steps.
 */
export function sineSequence(params: Partial<SineSequenceParams> = {}): Dataset {
  const p = resolveParams("sine_sequence", SINE_SEQUENCE_PARAMS, params) as SineSequenceParams;
  const T = p.seq_len;
  return buildRegression({
    name: "sine_sequence",
    n: p.n_samples,
    xShape: [T, 1],
    yShape: [1],
    seed: p.seed,
    testFraction: p.test_fraction,
    sample(_i, rng, x, y) {
      const phase = rng.uniform(0, 2 * Math.PI);
      for (let t = 0; t < T; t++) x[t] = Math.sin(phase + SINE_STEP * t) + rng.normal(0, p.noise);
      y[0] = Math.sin(phase + SINE_STEP * T) + rng.normal(0, p.noise);
    },
  });
}

export type TokensParams = CommonParams & { seq_len: number; vocab_size: number; num_groups: number };

const TOKENS_COMMON = COMMON_PARAMS({
  n_samples: 1000,
  noise: 0,
  noiseDoc: "Label noise: probability that a label is replaced by a uniformly random class.",
}).map((s) => (s.name === "noise" ? { ...s, max: 1 } : s));

export const TOKENS_PARAMS: DatasetParamSpec[] = [
  ...TOKENS_COMMON,
  { name: "seq_len", type: "int", default: 8, min: 1, max: 256, doc: "Tokens per sequence T." },
  { name: "vocab_size", type: "int", default: 16, min: 2, max: 4096, doc: "Number of distinct token ids." },
  {
    name: "num_groups",
    type: "int",
    default: 4,
    min: 2,
    max: 256,
    doc: "Token groups (= classes); must divide vocab_size.",
  },
];

/**
 * A toy task for Embedding blocks. The vocabulary 0..V-1 is cut into G equal groups of
 * consecutive ids (V=16, G=4: {0-3}, {4-7}, {8-11}, {12-15}). Each sample is T token ids
 * (stored as floats, xShape [T]); the class is the group of the FIRST token. The other
 * T-1 tokens are uniform over the whole vocabulary and carry no information, so a model
 * must learn position: Embedding -> Flatten -> Linear solves it, mean-pooling the
 * embeddings only partly does. Classes are balanced (class = sample index mod G).
 */
export function tokens(params: Partial<TokensParams> = {}): Dataset {
  const p = resolveParams("tokens", TOKENS_PARAMS, params) as TokensParams;
  const { seq_len: T, vocab_size: V, num_groups: G } = p;
  if (V % G !== 0) {
    throw new Error(`dataset "tokens": num_groups (${G}) must divide vocab_size (${V})`);
  }
  const groupSize = V / G;
  return buildClassification({
    name: "tokens",
    n: p.n_samples,
    numClasses: G,
    xShape: [T],
    seed: p.seed,
    testFraction: p.test_fraction,
    classNames: Array.from({ length: G }, (_, g) => `tokens ${g * groupSize}-${(g + 1) * groupSize - 1}`),
    sample(label, _j, _m, rng, out) {
      out[0] = label * groupSize + rng.int(groupSize);
      for (let t = 1; t < T; t++) out[t] = rng.int(V);
      return rng.uniform() < p.noise ? rng.int(G) : label;
    },
  });
}
