// A VAE: images decoded from a grid of latent points, and where test images land in the latent
// space (their encoded means), coloured by label.
import type { Analysis } from "../../../compile/analyze";
import type { LiveContext, OutputView } from "../types";
import { datasetOf, gatherX, testRows } from "./data";
import { cutAt, forward } from "./forward";
import { datasetParams, nodeOf, nodesOfType, origin, perSample, shapeOf, sourceOf, upstream } from "./graph";
import { imageSize } from "./imagePredictions";
import type { Link } from "./readout";

/** Decoded samples per side of the grid, over z in [-Z_MAX, Z_MAX]² (the prior's ±3σ). */
const SIDE = 8;
const Z_MAX = 3;
/** Test images in the latent scatter. */
const SCATTERED = 300;

export interface VaePlan {
  dataset: string;
  /** The NormalSample node that draws z, its latent width, and the port of the mean. */
  sampler: string;
  latent: number;
  mean: string;
  /** The reconstruction: the decoder's output port and how to turn it into pixels. */
  decoded: string;
  link: Link;
  h: number;
  w: number;
}

/**
 * A VAE is a NormalSample whose mean is computed from the data (an encoder) and that feeds a
 * loss comparing its output's descendants with the data's own x (the reconstruction), with a
 * GaussianKL on the same mean.
 */
export function findVae(a: Analysis): VaePlan | undefined {
  if (nodesOfType(a, "GaussianKL").length === 0) return undefined;
  for (const s of nodesOfType(a, "NormalSample")) {
    const mean = sourceOf(a, s, "mu");
    const latentShape = perSample(shapeOf(a, `${s}.out`));
    if (!mean || !latentShape || latentShape.length !== 1 || latentShape[0] < 2) continue;
    for (const id of a.order) {
      const info = a.nodes.get(id)!;
      if (info.def.category !== "losses") continue;
      const target = sourceOf(a, id, "target");
      const input = sourceOf(a, id, "input");
      if (!target || !input) continue;
      const from = origin(a, target);
      const ds = nodeOf(from);
      const p = datasetParams(a, ds);
      if (!p || !from.endsWith(".x")) continue;
      if (!upstream(a, nodeOf(input)).has(s)) continue;
      const size = imageSize(perSample(shapeOf(a, `${ds}.x`)) ?? []);
      if (!size) continue;
      const link: Link = info.def.type === "BCEWithLogitsLoss" ? "sigmoid" : "identity";
      return {
        dataset: ds,
        sampler: s,
        latent: latentShape[0],
        mean,
        decoded: input,
        link,
        h: size[0],
        w: size[1],
      };
    }
  }
  return undefined;
}

export function generative(ctx: LiveContext, v: VaePlan): OutputView {
  const ds = datasetOf(ctx, v.dataset);
  // The decoder alone: the sampler becomes an Input fed with the grid's latent points.
  const z = new Float32Array(SIDE * SIDE * v.latent);
  for (let row = 0; row < SIDE; row++)
    for (let col = 0; col < SIDE; col++) {
      const i = row * SIDE + col;
      z[i * v.latent] = -Z_MAX + (col / (SIDE - 1)) * 2 * Z_MAX;
      z[i * v.latent + 1] = Z_MAX - (row / (SIDE - 1)) * 2 * Z_MAX;
    }
  const decoder = cutAt(ctx.doc, v.sampler, [v.latent]);
  const [decoded] = forward(ctx, {
    doc: decoder,
    batch: SIDE * SIDE,
    feeds: { [v.sampler]: z },
    ports: [v.decoded],
  });
  const samples = new Float32Array(decoded.length);
  for (let i = 0; i < decoded.length; i++)
    samples[i] = v.link === "sigmoid" ? 1 / (1 + Math.exp(-decoded[i])) : decoded[i];

  const rows = testRows(ds, SCATTERED);
  const [mu] = forward(ctx, {
    doc: ctx.doc,
    batch: rows.length,
    feeds: { [`${v.dataset}.x`]: gatherX(ds, rows) },
    ports: [v.mean],
  });
  const latent = new Float32Array(rows.length * 2);
  const labels = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    latent[2 * i] = mu[i * v.latent];
    latent[2 * i + 1] = mu[i * v.latent + 1];
    labels[i] = ds.task === "classification" ? ds.y[rows[i]] : -1;
  }
  return {
    kind: "generative",
    step: ctx.step,
    samples,
    h: v.h,
    w: v.w,
    latent,
    labels,
    side: SIDE,
    zMax: Z_MAX,
  };
}
