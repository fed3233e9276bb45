// Strided views: transpose, broadcast and slice only re-index their input, so a consumer
// that reads through strides (elementwise kernels, matmul, reductions) can read the
// original buffer directly and the view costs no kernel and no memory.

import { mapNumbers, packed } from "../../ir/packed";
import type { IRNode, PrimAttrs } from "../../ir/prims";
import { broadcastStridesFrom, type Shape } from "../../ir/shape";
import { stridesOf } from "./wgsl/format";

/** Element at coordinates c of the view lives at base + Σ c·strides in buffer `src`. */
export interface View {
  src: number;
  shape: readonly number[];
  strides: number[];
  base: number;
}

export const VIEW_PRIMS = new Set(["transpose", "broadcast", "slice"]);

export function contiguous(src: number, shape: Shape): View {
  return { src, shape, strides: stridesOf(shape), base: 0 };
}

/** The view `n` makes of the view `v` of its input. */
export function applyView(n: IRNode, v: View): View {
  switch (n.prim) {
    case "transpose": {
      const perm = (n.attrs as PrimAttrs["transpose"]).perm;
      return { src: v.src, shape: n.shape, strides: mapNumbers(perm, (p) => v.strides[p]), base: v.base };
    }
    case "broadcast":
      return broadcastView(v, n.shape);
    case "slice": {
      const starts = (n.attrs as PrimAttrs["slice"]).starts;
      return {
        src: v.src,
        shape: n.shape,
        strides: v.strides,
        base: v.base + starts.reduce((p, s, ax) => p + s * v.strides[ax], 0),
      };
    }
    default:
      throw new Error(`${n.prim} is not a view`);
  }
}

/** Reads `v` as if broadcast to `shape` (right-aligned; stretched axes get stride 0). */
export function broadcastView(v: View, shape: Shape): View {
  return { src: v.src, shape: packed(shape), strides: broadcastStridesOf(v, shape), base: v.base };
}

/** The strides of broadcastView(v, shape), without the view. */
export function broadcastStridesOf(v: View, shape: Shape): number[] {
  return broadcastStridesFrom(v.shape, v.strides, shape);
}

export function isContiguous(v: View): boolean {
  const st = stridesOf(v.shape);
  return v.base === 0 && v.strides.every((s, ax) => s === st[ax] || v.shape[ax] === 1);
}
