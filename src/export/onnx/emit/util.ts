import type { SymShape } from "../../../graph/symbolic";
import { NoOnnxCounterpart } from "./types";

// Small shape helpers the emitters share.

/** A pair param (kernel_size=3 or [3, 5]) as [h, w], as PyTorch's _pair does. */
export function pair(v: unknown): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1])];
  return [Number(v), Number(v)];
}

/** A dim param as PyTorch takes it (negative counts from the end), as an axis 0…rank−1. */
export function axis(dim: number, rank: number): number {
  return dim < 0 ? dim + rank : dim;
}

/**
 * The `shape` input of an ONNX Reshape from `from` to `to`: fixed sizes as they are, the
 * batch as 0 ("copy this dim") where it stays in place, else as the one −1 ONNX infers.
 */
export function reshapeTarget(from: SymShape, to: SymShape): number[] {
  const target = to.map((d, i) => (d !== "B" ? d : from[i] === "B" ? 0 : -1));
  if (target.filter((d) => d === -1).length > 1) {
    throw new NoOnnxCounterpart(`cannot express the reshape [${from}] → [${to}] with a symbolic batch`);
  }
  return target;
}

/** [1, C, 1, …]: how a per-channel vector broadcasts against an [N, C, …] tensor. */
export function perChannelShape(x: SymShape): number[] {
  return x.map((d, i) => (i === 1 ? (d as number) : 1)).slice(1);
}
