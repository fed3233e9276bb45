// Canvas drawing for node views: one function per layout, plain 2-D context, no React. Each
// draws into an ImageData-sized grid and scales it up with smoothing off, so a 28×28 digit or
// a 24×24 plane costs one putImageData and one drawImage.
import type { Histogram, NodeProbe } from "../../train/live/types";
import { css, diverging, grey, maxAbs, type Palette } from "./colors";

/** Width of every node view in CSS pixels: the block is 196 px wide with 12 px padding. */
export const VIEW_WIDTH = 172;
const GAP = 3;

/** Height a probe's picture needs, fixed per layout and shape so the node never jumps. */
export function viewHeight(p: NodeProbe, showGrad: boolean): number {
  if (showGrad && p.layout === "plane") return 40;
  switch (p.layout) {
    case "scalar":
      return 0;
    case "vector":
      return 40;
    case "plane": {
      const { cols, tile } = tiles(p.plane?.units ?? 1);
      return Math.ceil((p.plane?.units ?? 1) / cols) * (tile + GAP) - GAP;
    }
    case "maps": {
      const { cols, tile } = tiles(p.sampleShape[0] ?? 1);
      return Math.ceil((p.sampleShape[0] ?? 1) / cols) * (tile + GAP) - GAP;
    }
    case "image":
    case "matrix":
      return 72;
  }
}

/** Tiles per row and their side: up to 8 a row, as large as the width allows, at most 64 px. */
export function tiles(n: number): { cols: number; tile: number } {
  const cols = Math.min(8, Math.max(1, n));
  return { cols, tile: Math.min(64, Math.floor((VIEW_WIDTH - GAP * (cols - 1)) / cols)) };
}

let scratch: HTMLCanvasElement | null = null;

/** Paints a w×h grid of colours at (x, y) scaled to (dw, dh), pixel-sharp. */
function blit(
  ctx: CanvasRenderingContext2D,
  w: number,
  h: number,
  colour: (i: number) => [number, number, number],
  x: number,
  y: number,
  dw: number,
  dh: number,
) {
  scratch ??= document.createElement("canvas");
  scratch.width = w;
  scratch.height = h;
  const s = scratch.getContext("2d")!;
  const img = s.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    const [r, g, b] = colour(i);
    img.data[i * 4] = r;
    img.data[i * 4 + 1] = g;
    img.data[i * 4 + 2] = b;
    img.data[i * 4 + 3] = 255;
  }
  s.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, 0, 0, w, h, x, y, dw, dh);
}

function bars(
  ctx: CanvasRenderingContext2D,
  v: Float32Array,
  width: number,
  height: number,
  palette: Palette,
) {
  const m = maxAbs(v);
  const n = v.length;
  const bw = width / n;
  const mid = height / 2;
  ctx.fillStyle = "rgb(128 128 128 / 35%)";
  ctx.fillRect(0, mid - 0.5, width, 1);
  for (let i = 0; i < n; i++) {
    const t = v[i] / m;
    const h = Number.isFinite(t) ? t * (mid - 1) : mid - 1;
    ctx.fillStyle = css(
      diverging(Number.isFinite(t) ? (t < 0 ? -1 : 1) * Math.max(0.45, Math.abs(t)) : t, palette),
    );
    const x = i * bw + (bw > 4 ? 0.5 : 0);
    ctx.fillRect(x, h >= 0 ? mid - h : mid, Math.max(1, bw - (bw > 4 ? 1 : 0)), Math.max(1, Math.abs(h)));
  }
}

function centred(
  w: number,
  h: number,
  boxW: number,
  boxH: number,
  paint: (x: number, y: number, dw: number, dh: number) => void,
) {
  const k = Math.min(boxW / w, boxH / h);
  const dw = Math.max(1, Math.floor(w * k));
  const dh = Math.max(1, Math.floor(h * k));
  paint(Math.floor((boxW - dw) / 2), Math.floor((boxH - dh) / 2), dw, dh);
}

/** Draws the probe's picture (or its gradient, same layout) filling width × height CSS px. */
export function drawProbe(
  ctx: CanvasRenderingContext2D,
  p: NodeProbe,
  showGrad: boolean,
  width: number,
  height: number,
) {
  ctx.clearRect(0, 0, width, height);
  const palette: Palette = showGrad ? "gradient" : "activation";
  const data = showGrad ? p.gradSample : p.sample;
  if (!data) return;
  if (p.layout === "vector" || (p.layout === "plane" && (showGrad || !p.plane))) {
    bars(ctx, data, width, height, palette);
    return;
  }
  if (p.layout === "plane" && p.plane) {
    const { res, units, values } = p.plane;
    const { cols, tile } = tiles(units);
    // One scale per tile, as the Playground does: each neuron's own pattern is what matters.
    for (let u = 0; u < units; u++) {
      const off = u * res * res;
      const m = maxAbs(values.subarray(off, off + res * res));
      const x = (u % cols) * (tile + GAP);
      const y = Math.floor(u / cols) * (tile + GAP);
      blit(ctx, res, res, (i) => diverging(values[off + i] / m, palette), x, y, tile, tile);
    }
    return;
  }
  if (p.layout === "maps") {
    const [c, h, w] = p.sampleShape;
    const { cols, tile } = tiles(c);
    for (let k = 0; k < c; k++) {
      const off = k * h * w;
      const m = maxAbs(data.subarray(off, off + h * w));
      blit(
        ctx,
        w,
        h,
        (i) => diverging(data[off + i] / m, palette),
        (k % cols) * (tile + GAP),
        Math.floor(k / cols) * (tile + GAP),
        tile,
        tile,
      );
    }
    return;
  }
  if (p.layout === "image" || p.layout === "matrix") {
    const shape = p.sampleShape;
    const [c, h, w] = shape.length === 3 ? shape : [1, shape[0], shape[1] ?? 1];
    if (p.layout === "image" && !showGrad) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const v of data) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      const span = hi - lo || 1;
      const rgb = c === 3;
      centred(w, h, width, height, (x, y, dw, dh) =>
        blit(
          ctx,
          w,
          h,
          (i) =>
            rgb
              ? ([0, 1, 2].map((k) => 255 * ((data[k * h * w + i] - lo) / span)) as [number, number, number])
              : grey(1 - (data[i] - lo) / span),
          x,
          y,
          dw,
          dh,
        ),
      );
      return;
    }
    const m = maxAbs(data);
    centred(w, h * c, width, height, (x, y, dw, dh) =>
      blit(ctx, w, h * c, (i) => diverging(data[i] / m, palette), x, y, dw, dh),
    );
  }
}

/** A small histogram: grey bars over [lo, hi], tallest bar full height. */
export function drawHistogram(
  ctx: CanvasRenderingContext2D,
  h: Histogram,
  width: number,
  height: number,
  colour = "rgb(110 118 135)",
) {
  ctx.clearRect(0, 0, width, height);
  const top = Math.max(1, ...h.counts);
  const bw = width / h.counts.length;
  ctx.fillStyle = colour;
  h.counts.forEach((c, i) => {
    if (!c) return;
    const bh = Math.max(1, (c / top) * height);
    ctx.fillRect(i * bw + 0.5, height - bh, Math.max(1, bw - 1), bh);
  });
}

/** Sizes a canvas's backing store to its CSS size at the device's pixel ratio; returns its 2-D context. */
export function prepare(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext("2d")!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
