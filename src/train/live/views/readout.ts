// A supervised graph's prediction: the port a loss compares with the dataset's targets, and
// how to turn that port's values into predictions (softmax of logits, sigmoid, identity).
import type { Analysis } from "../../../compile/analyze";
import { datasetParams, nodeOf, origin, perSample, shapeOf, sourceOf } from "./graph";

export type Link = "softmax" | "sigmoid" | "exp" | "identity";

export interface Readout {
  /** The Dataset node whose x the model reads and whose y the loss compares with. */
  dataset: string;
  /** "node.port" of the model's output. */
  port: string;
  link: Link;
  /** Per-sample shape of the output port. */
  outShape: number[];
  /** Per-sample shape of the dataset's x. */
  xShape: number[];
  /** Number of classes for a classification target, else undefined. */
  classes?: number;
}

const LINKS: Record<string, Link> = {
  CrossEntropyLoss: "softmax",
  NLLLoss: "exp",
  BCEWithLogitsLoss: "sigmoid",
  MSELoss: "identity",
  L1Loss: "identity",
};

export function findReadout(a: Analysis): Readout | undefined {
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    const link = LINKS[info.def.type];
    if (!link) continue;
    const target = sourceOf(a, id, "target");
    const input = sourceOf(a, id, "input");
    if (!target || !input) continue;
    const from = origin(a, target);
    const ds = nodeOf(from);
    const p = datasetParams(a, ds);
    if (!p || !from.endsWith(".y")) continue;
    const outShape = perSample(shapeOf(a, input));
    const xShape = perSample(shapeOf(a, `${ds}.x`));
    if (!outShape || !xShape) continue;
    const yShape = perSample(shapeOf(a, `${ds}.y`));
    const classes = yShape && yShape.length === 0 ? classCount(link, outShape) : undefined;
    return { dataset: ds, port: input, link, outShape, xShape, ...(classes ? { classes } : {}) };
  }
  return undefined;
}

/** Scores [C] are C classes; a single logit (BCE) is two. */
function classCount(link: Link, outShape: number[]): number | undefined {
  const last = outShape.reduce((p, d) => p * d, 1);
  if (link === "sigmoid") return last === 1 ? 2 : undefined;
  return last >= 2 ? last : undefined;
}

/** Turns one sample's outputs into class probabilities (C values) in place of a copy. */
export function probabilities(link: Link, out: ArrayLike<number>, at: number, c: number): Float32Array {
  const p = new Float32Array(c);
  if (link === "sigmoid") {
    const s = 1 / (1 + Math.exp(-out[at]));
    p[0] = 1 - s;
    p[1] = s;
    return p;
  }
  if (link === "exp") {
    for (let k = 0; k < c; k++) p[k] = Math.exp(out[at + k]);
    return p;
  }
  let m = -Infinity;
  for (let k = 0; k < c; k++) m = Math.max(m, out[at + k]);
  let z = 0;
  for (let k = 0; k < c; k++) {
    p[k] = Math.exp(out[at + k] - m);
    z += p[k];
  }
  for (let k = 0; k < c; k++) p[k] /= z;
  return p;
}

export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
  return best;
}
