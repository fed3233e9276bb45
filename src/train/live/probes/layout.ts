// Which picture fits a tensor, and the few values that picture needs. A node view draws at
// most a few thousand numbers, so big tensors are averaged down here, before they cross to
// the page.
import type { SymShape } from "../../../graph/symbolic";
import type { ProbeLayout } from "../types";

/** Longest side drawn: bars in a strip, cells of a heatmap, pixels of an image or a map. */
export const MAX_BARS = 64;
export const MAX_SIDE = 32;
/** Feature maps beyond this many are left out of the tiles (the summary still covers them). */
export const MAX_MAPS = 16;

export interface LayoutInput {
  /** The output's shape at the graph level: a leading "B" marks a batch. */
  sym: SymShape | undefined;
  /** Its concrete shape in the probe program. */
  shape: readonly number[];
  /** Dataset or Input: per-sample vectors with a square size are pictures (flattened MNIST). */
  isDataSource: boolean;
  /** The graph takes 2-D points and this output has one value per unit per point. */
  plane: boolean;
}

const isSquare = (n: number) => n >= 49 && Number.isInteger(Math.sqrt(n));

/** The layout, and the shape of one sample (or of the whole tensor when there is no batch). */
export function chooseLayout(x: LayoutInput): { layout: ProbeLayout; item: number[] } {
  const batched = x.sym?.[0] === "B" && x.shape.length > 0;
  const item = batched ? x.shape.slice(1) : [...x.shape];
  const size = item.reduce((p, d) => p * d, 1);
  if (!batched && size === 1) return { layout: "scalar", item };
  if (batched && item.length === 0) return { layout: "vector", item }; // one value per sample: bars over the batch
  if (item.length === 1) {
    if (x.plane && batched) return { layout: "plane", item };
    if (x.isDataSource && isSquare(item[0])) {
      const side = Math.sqrt(item[0]);
      return { layout: "image", item: [side, side] };
    }
    return { layout: "vector", item };
  }
  if (item.length === 2)
    return { layout: x.isDataSource && item[0] >= 8 && item[1] >= 8 ? "image" : "matrix", item };
  if (item.length === 3)
    return { layout: item[0] === 1 || (item[0] === 3 && x.isDataSource) ? "image" : "maps", item };
  // Higher ranks: the first axis against everything else.
  return { layout: "matrix", item: [item[0], size / item[0]] };
}

/** Averages windows of `src` (length n) into `out` entries: an area downsample along one axis. */
function windows(n: number, out: number): [number, number][] {
  const w: [number, number][] = [];
  for (let i = 0; i < out; i++)
    w.push([
      Math.floor((i * n) / out),
      Math.max(Math.floor(((i + 1) * n) / out), Math.floor((i * n) / out) + 1),
    ]);
  return w;
}

/** A [h, w] plane at `offset` in `src` (row stride w) averaged down to at most side×side. */
function downsample2d(
  src: ArrayLike<number>,
  offset: number,
  h: number,
  w: number,
  side: number,
  out: Float32Array,
  at: number,
): [number, number] {
  const oh = Math.min(h, side);
  const ow = Math.min(w, side);
  const rows = windows(h, oh);
  const cols = windows(w, ow);
  for (let i = 0; i < oh; i++) {
    const [r0, r1] = rows[i];
    for (let j = 0; j < ow; j++) {
      const [c0, c1] = cols[j];
      let s = 0;
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) s += src[offset + r * w + c];
      out[at + i * ow + j] = s / ((r1 - r0) * (c1 - c0));
    }
  }
  return [oh, ow];
}

/**
 * The values drawn for a layout, from sample 0 (or the whole tensor without a batch). A
 * vector over the batch (one value per sample) shows the first MAX_BARS samples.
 */
export function sampleOf(
  layout: ProbeLayout,
  item: readonly number[],
  data: ArrayLike<number>,
  batched: boolean,
): { sample: Float32Array; sampleShape: number[] } {
  const size = item.reduce((p, d) => p * d, 1);
  switch (layout) {
    case "scalar":
      return { sample: Float32Array.of(data[0]), sampleShape: [] };
    case "plane":
      // The plane field carries the picture; the sample is sample 0's units, for a bar strip fallback.
      return sampleOf("vector", item, data, batched);
    case "vector": {
      const n = item.length === 0 ? Math.min(data.length, MAX_BARS) : size;
      const out = new Float32Array(Math.min(n, MAX_BARS));
      const [dh, dw] = downsample2d(data, 0, 1, n, MAX_BARS, out, 0);
      return { sample: out, sampleShape: [dh * dw] };
    }
    case "matrix":
    case "image": {
      const [c, h, w] = item.length === 3 ? item : [1, item[0], item[1]];
      const oh = Math.min(h, MAX_SIDE);
      const ow = Math.min(w, MAX_SIDE);
      const out = new Float32Array(c * oh * ow);
      for (let k = 0; k < c; k++) downsample2d(data, k * h * w, h, w, MAX_SIDE, out, k * oh * ow);
      return { sample: out, sampleShape: item.length === 3 ? [c, oh, ow] : [oh, ow] };
    }
    case "maps": {
      const [c, h, w] = item;
      const shown = Math.min(c, MAX_MAPS);
      const oh = Math.min(h, MAX_SIDE);
      const ow = Math.min(w, MAX_SIDE);
      const out = new Float32Array(shown * oh * ow);
      for (let k = 0; k < shown; k++) downsample2d(data, k * h * w, h, w, MAX_SIDE, out, k * oh * ow);
      return { sample: out, sampleShape: [shown, oh, ow] };
    }
  }
}
