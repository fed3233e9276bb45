// gather and its adjoint scatter_add. Indices are float-coded integers (IR convention).
//
// scatter_add gives each output element one thread that scans the indices in order and
// adds the matching rows: no float atomics (WGSL has none), deterministic, and the same
// order of additions as the CPU. It costs O(indices) per output, fine for embedding
// gradients at teaching sizes; a sort-based version would be the next step for big vocabularies.

import type { Shape } from "../../../ir/shape";
import type { KernelSpec } from "../kernel";
import { bindings, ENTRY, f32, grid1d, u32 } from "./format";
import { shader } from "./shader";

export function gatherKernel(
  xShape: Shape,
  idxCount: number,
  axis: number,
  reads: [number, number],
  write: number,
  label: string,
): KernelSpec {
  const outer = xShape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = xShape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const n = xShape[axis];
  const grid = grid1d(outer * idxCount * inner);
  // An index out of range cannot throw on the GPU: it yields NaN, which the loss shows.
  const body = `${ENTRY} {
  ${grid.prologue}
  let t = i % ${u32(inner)};
  let j = (i / ${u32(inner)}) % ${u32(idxCount)};
  let o = i / ${u32(inner * idxCount)};
  let fi = round(in1[j]);
  var v = ${f32(Number.NaN)};
  if (fi >= 0.0f && fi < ${f32(n)}) { v = in0[(o * ${u32(n)} + u32(fi)) * ${u32(inner)} + t]; }
  out[i] = v;
}`;
  return {
    label,
    code: shader(bindings(2), body),
    reads,
    writes: [write],
    frame: false,
    groups: grid.groups,
  };
}

export function scatterAddKernel(
  gShape: Shape,
  idxCount: number,
  idxRank: number,
  axis: number,
  n: number,
  reads: [number, number],
  write: number,
  label: string,
): KernelSpec {
  const outer = gShape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = gShape.slice(axis + idxRank).reduce((p, d) => p * d, 1);
  const grid = grid1d(outer * n * inner);
  const body = `${ENTRY} {
  ${grid.prologue}
  let t = i % ${u32(inner)};
  let r = f32((i / ${u32(inner)}) % ${u32(n)});
  let o = i / ${u32(inner * n)};
  var acc = 0.0f;
  for (var j = 0u; j < ${u32(idxCount)}; j = j + 1u) {
    if (round(in1[j]) == r) { acc = acc + in0[(o * ${u32(idxCount)} + j) * ${u32(inner)} + t]; }
  }
  out[i] = acc;
}`;
  return {
    label,
    code: shader(bindings(2), body),
    reads,
    writes: [write],
    frame: false,
    groups: grid.groups,
  };
}
