// Movement that is not a pure strided view (those — transpose, broadcast, slice — are
// elementwise loads): pad writes a fill outside the copied box; concat stitches inputs.

import type { PrimAttrs } from "../../../ir/prims";
import { type Shape, size } from "../../../ir/shape";
import type { KernelSpec } from "../kernel";
import { bindings, coords, ENTRY, f32, grid1d, stridesOf, u32 } from "./format";
import { shader } from "./shader";

export function padKernel(
  inShape: Shape,
  a: PrimAttrs["pad"],
  outShape: Shape,
  read: number,
  write: number,
  label: string,
): KernelSpec {
  const grid = grid1d(size(outShape));
  const st = stridesOf(inShape);
  const axes = outShape.map((_, ax) => ax);
  // Unsigned wrap-around makes "c < before" fail the `< inShape` test too.
  const inside =
    axes.map((ax) => `(c${ax} - ${u32(a.before[ax])}) < ${u32(inShape[ax])}`).join(" && ") || "true";
  const off = axes.map((ax) => `(c${ax} - ${u32(a.before[ax])}) * ${u32(st[ax])}`).join(" + ") || "0u";
  const body = `${ENTRY} {
  ${grid.prologue}
  ${coords("i", outShape, axes)}
  var v = ${f32(a.value)};
  if (${inside}) { v = in0[${off}]; }
  out[i] = v;
}`;
  return {
    label,
    code: shader(bindings(1), body),
    reads: [read],
    writes: [write],
    frame: false,
    groups: grid.groups,
  };
}

/**
 * Concat as row copies: the output is [outer, axisTotal·inner]; each input k fills the
 * columns [at_k, at_k + len_k). Inputs are split over several dispatches when they exceed
 * the storage bindings a kernel may have; each dispatch writes only its inputs' columns.
 */
export function concatKernels(
  shapes: Shape[],
  axis: number,
  outShape: Shape,
  reads: number[],
  write: number,
  maxInputs: number,
  label: string,
): KernelSpec[] {
  const outer = outShape.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = outShape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const row = outShape[axis] * inner;
  const cols = shapes.map((s) => s[axis] * inner);
  const starts = cols.map((_, k) => cols.slice(0, k).reduce((p, c) => p + c, 0));
  const specs: KernelSpec[] = [];
  for (let k0 = 0; k0 < reads.length; k0 += maxInputs) {
    const part = reads.slice(k0, k0 + maxInputs);
    const first = starts[k0];
    const width = part.reduce((p, _, j) => p + cols[k0 + j], 0);
    const grid = grid1d(outer * width);
    const branches = part
      .map((_, j) => {
        const lo = starts[k0 + j] - first;
        const hi = lo + cols[k0 + j];
        const test = j === part.length - 1 ? "" : `if (col < ${u32(hi)}) `;
        return `${j ? "else " : ""}${test}{ v = in${j}[o * ${u32(cols[k0 + j])} + col - ${u32(lo)}]; }`;
      })
      .join(" ");
    const body = `${ENTRY} {
  ${grid.prologue}
  let o = i / ${u32(width)};
  let col = i % ${u32(width)};
  var v = 0.0f;
  ${branches}
  out[o * ${u32(row)} + ${u32(first)} + col] = v;
}`;
    specs.push({
      label: `${label}[${k0}..${k0 + part.length})`,
      code: shader(bindings(part.length), body),
      reads: part,
      writes: [write],
      frame: false,
      groups: grid.groups,
    });
  }
  return specs;
}
