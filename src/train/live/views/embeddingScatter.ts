// An Embedding's table drawn as points: one per row (token), at its first two coordinates or,
// with more, its two principal components; coloured by the class the token goes with.
import type { Analysis } from "../../../compile/analyze";
import type { LiveContext, OutputView } from "../types";
import { datasetOf } from "./data";
import { analysisOf, datasetParams, nodeOf, nodesOfType, origin, sourceOf } from "./graph";

export interface EmbeddingPlan {
  node: string;
  /** The Dataset whose x holds the token ids, when the embedding reads one directly. */
  dataset?: string;
}

export function findEmbedding(a: Analysis): EmbeddingPlan | undefined {
  const node = nodesOfType(a, "Embedding")[0];
  if (!node) return undefined;
  const src = sourceOf(a, node, "in");
  const from = src ? origin(a, src) : undefined;
  const ds = from?.endsWith(".x") && datasetParams(a, nodeOf(from)) ? nodeOf(from) : undefined;
  return { node, ...(ds ? { dataset: ds } : {}) };
}

export function embeddingScatter(ctx: LiveContext, plan: EmbeddingPlan): OutputView {
  const w = ctx.variables.get(`${plan.node}.weight`);
  const shape = analysisShape(ctx, plan.node);
  if (!w || !shape) throw new Error(`output view: no weights for embedding "${plan.node}"`);
  const [rows, dim] = shape;
  const points = dim <= 2 ? firstTwo(w, rows, dim) : principal2(w, rows, dim);
  const ds = plan.dataset ? ctx.datasets.get(plan.dataset) : undefined;
  const labels =
    ds && ds.task === "classification"
      ? tokenClasses(ctx, plan.dataset!, rows)
      : new Int32Array(rows).fill(-1);
  return {
    kind: "embedding-scatter",
    step: ctx.step,
    points,
    labels,
    names: Array.from({ length: rows }, (_, i) => String(i)),
    ...(ds?.classNames ? { classNames: ds.classNames } : {}),
    axes: dim <= 2 ? ["dim 0", "dim 1"] : ["PC 1", "PC 2"],
  };
}

function analysisShape(ctx: LiveContext, node: string): [number, number] | undefined {
  const shape = analysisOf(ctx.doc).nodes.get(node)?.weights.weight?.shape;
  return shape?.length === 2 ? [shape[0], shape[1]] : undefined;
}

function firstTwo(w: Float32Array, rows: number, dim: number): Float32Array {
  const out = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    out[2 * i] = w[i * dim];
    out[2 * i + 1] = dim > 1 ? w[i * dim + 1] : 0;
  }
  return out;
}

/** Projection on the two leading principal components (power iteration with deflation: D is small). */
function principal2(w: Float32Array, rows: number, dim: number): Float32Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < rows; i++) for (let d = 0; d < dim; d++) mean[d] += w[i * dim + d] / rows;
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < rows; i++)
    for (let a = 0; a < dim; a++)
      for (let b = 0; b < dim; b++)
        cov[a * dim + b] += (w[i * dim + a] - mean[a]) * (w[i * dim + b] - mean[b]);
  const comps: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let v = new Float64Array(dim).map((_, i) => 1 + i * 0.1);
    for (let it = 0; it < 100; it++) {
      const nv = new Float64Array(dim);
      for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) nv[a] += cov[a * dim + b] * v[b];
      for (const u of comps) {
        const dot = nv.reduce((s, x, i) => s + x * u[i], 0);
        for (let i = 0; i < dim; i++) nv[i] -= dot * u[i];
      }
      const norm = Math.hypot(...nv) || 1;
      v = nv.map((x) => x / norm);
    }
    comps.push(v);
  }
  const out = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++)
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (w[i * dim + d] - mean[d]) * comps[c][d];
      out[2 * i + c] = s;
    }
  return out;
}

const classCache = new WeakMap<object, Int32Array>();

/**
 * The class each token goes with: the label most often seen on training samples that contain
 * it. For the tokens set (class = group of the first token) that is the token's own group.
 */
function tokenClasses(ctx: LiveContext, dataset: string, rows: number): Int32Array {
  const ds = datasetOf(ctx, dataset);
  const hit = classCache.get(ds);
  if (hit && hit.length === rows) return hit;
  const c = ds.numClasses ?? 1 + Math.max(...ds.y);
  const counts = new Int32Array(rows * c);
  const width = ds.xShape.reduce((p, d) => p * d, 1);
  for (const s of ds.split.train) {
    const label = ds.y[s];
    for (let t = 0; t < width; t++) {
      const tok = ds.x[s * width + t];
      if (tok >= 0 && tok < rows) counts[tok * c + label]++;
    }
  }
  const out = new Int32Array(rows).fill(-1);
  for (let r = 0; r < rows; r++) {
    let best = -1;
    for (let k = 0; k < c; k++) if (counts[r * c + k] > (best < 0 ? 0 : counts[r * c + best])) best = k;
    out[r] = best;
  }
  classCache.set(ds, out);
  return out;
}
