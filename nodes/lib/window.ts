import { PortShapeError, requireRank, type SymShape, staticDim } from "../../src/graph/symbolic";
import type { WindowAttrs } from "../../src/ir/prims";
import { windowOut } from "../../src/ir/shape";
import { pair } from "./pair";

// Sliding windows over an NCHW image, shared by convolution and pooling blocks: the pair
// params become the unfold/fold attributes, and the output size follows PyTorch's formula.

export type Pair = number | [number, number];

export interface PoolParams {
  kernel_size: Pair;
  stride: Pair | null;
  padding: Pair;
}

export interface WindowParams {
  kernel_size: Pair;
  stride: Pair;
  padding: Pair;
  dilation?: Pair;
}

/** The unfold attributes of a window (stride, padding, dilation as given). */
export function windowAttrs(p: WindowParams): WindowAttrs {
  const [kh, kw] = pair(p.kernel_size);
  const [sh, sw] = pair(p.stride);
  const [ph, pw] = pair(p.padding);
  const [dh, dw] = pair(p.dilation ?? 1);
  return { kh, kw, sh, sw, ph, pw, dh, dw };
}

/** A pooling window: PyTorch's stride=None (our null) means "as large as the kernel". */
export function poolAttrs(p: PoolParams): WindowAttrs {
  return windowAttrs({ ...p, stride: p.stride ?? p.kernel_size });
}

/** An image port [B, C, H, W] with C, H and W fixed; returns them. */
export function requireImage(
  inputs: Record<string, SymShape | undefined>,
  port = "in",
): [number, number, number] {
  const x = requireRank(inputs, port, 4, "a tensor [B, C, H, W]");
  return [staticDim(x, 1, port, "C"), staticDim(x, 2, port, "H"), staticDim(x, 3, port, "W")];
}

/** Refuse kernel, stride or dilation below 1 (the pair param itself accepts 0). */
export function checkWindow(a: WindowAttrs, port = "in"): void {
  const bad = (name: string, h: number, w: number) => {
    if (h < 1 || w < 1) throw new PortShapeError(port, `${name} must be at least 1, got ${h}x${w}`);
  };
  bad("kernel_size", a.kh, a.kw);
  bad("stride", a.sh, a.sw);
  bad("dilation", a.dh, a.dw);
}

/** Output [Ho, Wo] of the window slid over an H×W image; refuses a window that does not fit. */
export function windowOutSize(
  a: WindowAttrs,
  h: number,
  w: number,
  port = "in",
  x?: SymShape,
): [number, number] {
  checkWindow(a, port);
  const ho = windowOut(h, a.kh, a.sh, a.ph, a.dh);
  const wo = windowOut(w, a.kw, a.sw, a.pw, a.dw);
  if (ho < 1 || wo < 1) {
    const eh = a.dh * (a.kh - 1) + 1;
    const ew = a.dw * (a.kw - 1) + 1;
    throw new PortShapeError(
      port,
      `a ${eh}x${ew} window (kernel with dilation) does not fit the ${h}x${w} image padded by ${a.ph},${a.pw}`,
      `H + 2·padding ≥ ${eh} and W + 2·padding ≥ ${ew}`,
      x,
    );
  }
  return [ho, wo];
}

/** PyTorch refuses pooling padding above half the kernel: a window would then see only padding. */
export function checkPoolPadding(a: WindowAttrs, port = "in"): void {
  if (2 * a.ph > a.kh || 2 * a.pw > a.kw) {
    throw new PortShapeError(
      port,
      `padding ${a.ph}x${a.pw} must be at most half the kernel ${a.kh}x${a.kw}`,
      `padding ≤ ${Math.floor(a.kh / 2)}x${Math.floor(a.kw / 2)}`,
    );
  }
}
