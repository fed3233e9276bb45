// Sliding windows: unfold (im2col) and its adjoint fold (col2im). Convolution and pooling
// are built from these plus matmul / reduce_max, so their gradients need nothing else.
//
// fold gives each output pixel one thread that gathers the window positions covering it
// (at most one per kernel tap): no atomics, and the taps are visited in the CPU's order.

import type { PrimAttrs, WindowAttrs } from "../../../ir/prims";
import { type Shape, size, windowOut } from "../../../ir/shape";
import type { KernelSpec } from "../kernel";
import { bindings, ENTRY, f32, grid1d, u32 } from "./format";
import { shader } from "./shader";

const i32 = (v: number) => `${v}i`;

function outSize(h: number, w: number, a: WindowAttrs): [number, number] {
  return [windowOut(h, a.kh, a.sh, a.ph, a.dh), windowOut(w, a.kw, a.sw, a.pw, a.dw)];
}

export function unfoldKernel(
  xShape: Shape,
  a: PrimAttrs["unfold"],
  read: number,
  write: number,
  label: string,
): KernelSpec {
  const [n, c, h, w] = xShape;
  const [ho, wo] = outSize(h, w, a);
  const grid = grid1d(n * c * a.kh * a.kw * ho * wo);
  const body = `${ENTRY} {
  ${grid.prologue}
  let oj = i32(i % ${u32(wo)});
  let oi = i32((i / ${u32(wo)}) % ${u32(ho)});
  let kj = i32((i / ${u32(wo * ho)}) % ${u32(a.kw)});
  let ki = i32((i / ${u32(wo * ho * a.kw)}) % ${u32(a.kh)});
  let nc = i / ${u32(wo * ho * a.kw * a.kh)};
  let hi = oi * ${i32(a.sh)} - ${i32(a.ph)} + ki * ${i32(a.dh)};
  let wj = oj * ${i32(a.sw)} - ${i32(a.pw)} + kj * ${i32(a.dw)};
  var v = ${f32(a.padValue)};
  if (hi >= 0i && hi < ${i32(h)} && wj >= 0i && wj < ${i32(w)}) {
    v = in0[nc * ${u32(h * w)} + u32(hi) * ${u32(w)} + u32(wj)];
  }
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

export function foldKernel(
  a: PrimAttrs["fold"],
  outShape: Shape,
  read: number,
  write: number,
  label: string,
): KernelSpec {
  const [, , h, w] = outShape;
  const [ho, wo] = outSize(h, w, a);
  const grid = grid1d(size(outShape));
  const body = `${ENTRY} {
  ${grid.prologue}
  let x = i32(i % ${u32(w)});
  let y = i32((i / ${u32(w)}) % ${u32(h)});
  let nc = i / ${u32(h * w)};
  var acc = 0.0f;
  for (var ki = 0i; ki < ${i32(a.kh)}; ki = ki + 1i) {
    let ty = y + ${i32(a.ph)} - ki * ${i32(a.dh)};
    if (ty < 0i || ty % ${i32(a.sh)} != 0i || ty / ${i32(a.sh)} >= ${i32(ho)}) { continue; }
    let oi = ty / ${i32(a.sh)};
    for (var kj = 0i; kj < ${i32(a.kw)}; kj = kj + 1i) {
      let tx = x + ${i32(a.pw)} - kj * ${i32(a.dw)};
      if (tx < 0i || tx % ${i32(a.sw)} != 0i || tx / ${i32(a.sw)} >= ${i32(wo)}) { continue; }
      let oj = tx / ${i32(a.sw)};
      let col = ((nc * ${u32(a.kh)} + u32(ki)) * ${u32(a.kw)} + u32(kj)) * ${u32(ho * wo)} + u32(oi) * ${u32(wo)} + u32(oj);
      acc = acc + in0[col];
    }
  }
  out[i] = acc;
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
