// The image gradient of a convolution, fold(Wᵀ·G), as one kernel (a transposed
// convolution): the columns Wᵀ·G, C·kh·kw times the image per image, are never stored.
// Each pixel sums, over the taps (ki, kj) whose window lands on an output position,
// Σ_o W[o, (c, ki, kj)]·G[o, position] — the matmul's dot product, fma over o from 0 in
// increasing order — and adds the taps in fold's order, so the result is bit for bit that
// of the matmul and fold kernels it replaces.
//
// An invocation owns ct channels × xt neighbouring pixels of one image row: each G load
// feeds ct fmas and each W load xt, with no workgroup memory.

import type { WindowAttrs } from "../../../ir/prims";
import { windowOut } from "../../../ir/shape";
import type { KernelSpec } from "../kernel";
import { ENTRY, grid1d, u32 } from "./format";
import type { MatView } from "./matmul";
import { shader } from "./shader";

export interface ConvInputGradArgs {
  /** The image gradient's shape [N, C, H, W]. */
  shape: number[];
  window: WindowAttrs;
  /** The contracted axis: the convolution's output channels. */
  o: number;
  /** Wᵀ as [C·kh·kw, O] (batch stride 0 when shared by every image). */
  a: MatView;
  /** G as [O, Ho·Wo] per image. */
  b: MatView;
  write: number;
  label: string;
}

/** Channels × neighbouring pixels per invocation. */
export interface ImageTile {
  ct: number;
  xt: number;
}

export const FULL_IMAGE_TILE: ImageTile = { ct: 8, xt: 4 };
/** The quick compile tier (kernel.ts): an eighth of the unrolled body, the same sums. */
export const QUICK_IMAGE_TILE: ImageTile = { ct: 2, xt: 2 };
const upTo = (r: number) => Array.from({ length: r }, (_, i) => i);
const i32 = (v: number) => `${v}i`;

export function convInputGradKernel(g: ConvInputGradArgs, tile = FULL_IMAGE_TILE): KernelSpec {
  const { xt } = tile;
  const [n, c, h, w] = g.shape;
  const a = g.window;
  const ho = windowOut(h, a.kh, a.sh, a.ph, a.dh);
  const wo = windowOut(w, a.kw, a.sw, a.pw, a.dw);
  const ct = Math.min(tile.ct, c);
  const cb = Math.ceil(c / ct);
  const xb = Math.ceil(w / xt);
  const grid = grid1d(n * cb * h * xb);
  // Channels and pixels past the edge re-read the last valid one and are not stored.
  const chans = upTo(ct)
    .map(
      (k) =>
        `let wc${k} = abase + ${k === 0 ? "c0" : `min(c0 + ${k}u, ${u32(c - 1)})`} * ${u32(a.kh * a.kw * g.a.row)};`,
    )
    .join("\n  ");
  const pixels = upTo(xt)
    .map(
      (
        p,
      ) => `let tx${p} = ${p === 0 ? "x0" : `min(x0 + ${p}i, ${i32(w - 1)})`} + ${i32(a.pw)} - kj * ${i32(a.dw)};
      let ok${p} = tx${p} >= 0i && tx${p} % ${i32(a.sw)} == 0i && tx${p} / ${i32(a.sw)} < ${i32(wo)};
      let gq${p} = grow + u32(clamp(tx${p} / ${i32(a.sw)}, 0i, ${i32(wo - 1)})) * ${u32(g.b.col)};`,
    )
    .join("\n      ");
  const sums = upTo(ct).flatMap((k) => upTo(xt).map((p) => `var s${k}_${p} = 0.0f;`));
  const step = [
    ...upTo(xt).map((p) => `let g${p} = in1[gq${p} + o * ${u32(g.b.row)}];`),
    ...upTo(ct).map((k) => `let w${k} = in0[wc${k} + tap + o * ${u32(g.a.col)}];`),
    ...upTo(ct).flatMap((k) => upTo(xt).map((p) => `s${k}_${p} = fma(w${k}, g${p}, s${k}_${p});`)),
  ].join("\n        ");
  const adds = upTo(ct)
    .flatMap((k) =>
      upTo(xt).map((p) => `acc${k}_${p} = select(acc${k}_${p}, acc${k}_${p} + s${k}_${p}, ok${p});`),
    )
    .join("\n      ");
  const accs = upTo(ct)
    .flatMap((k) => upTo(xt).map((p) => `var acc${k}_${p} = 0.0f;`))
    .join("\n  ");
  const stores = upTo(ct)
    .map((k) => {
      const px = upTo(xt)
        .map((p) => `if (x0 + ${p}i < ${i32(w)}) { out[o${k} + u32(x0) + ${p}u] = acc${k}_${p}; }`)
        .join("\n    ");
      return `if (c0 + ${k}u < ${u32(c)}) {\n    let o${k} = ((bz * ${u32(c)} + c0 + ${k}u) * ${u32(h)} + u32(py)) * ${u32(w)};\n    ${px}\n  }`;
    })
    .join("\n  ");
  const decls = [
    `@group(0) @binding(0) var<storage, read> in0: array<f32>;`,
    `@group(0) @binding(1) var<storage, read> in1: array<f32>;`,
    `@group(0) @binding(2) var<storage, read_write> out: array<f32>;`,
  ].join("\n");
  const body = `${ENTRY} {
  ${grid.prologue}
  let x0 = i32(i % ${u32(xb)}) * ${i32(xt)};
  let py = i32((i / ${u32(xb)}) % ${u32(h)});
  let c0 = ((i / ${u32(xb * h)}) % ${u32(cb)}) * ${u32(ct)};
  let bz = i / ${u32(xb * h * cb)};
  let abase = ${u32(g.a.base)} + bz * ${u32(g.a.batch[0] ?? 0)};
  let bbase = ${u32(g.b.base)} + bz * ${u32(g.b.batch[0] ?? 0)};
  ${chans}
  ${accs}
  for (var ki = 0i; ki < ${i32(a.kh)}; ki = ki + 1i) {
    let ty = py + ${i32(a.ph)} - ki * ${i32(a.dh)};
    if (ty < 0i || ty % ${i32(a.sh)} != 0i || ty / ${i32(a.sh)} >= ${i32(ho)}) { continue; }
    let grow = bbase + u32(ty / ${i32(a.sh)}) * ${u32(wo * g.b.col)};
    for (var kj = 0i; kj < ${i32(a.kw)}; kj = kj + 1i) {
      let tap = u32(ki * ${i32(a.kw)} + kj) * ${u32(g.a.row)};
      ${pixels}
      ${sums.join("\n      ")}
      for (var o = 0u; o < ${u32(g.o)}; o = o + 1u) {
        ${step}
      }
      ${adds}
    }
  }
  ${stores}
}`;
  return {
    label: g.label,
    code: shader(decls, body),
    reads: [g.a.read, g.b.read],
    writes: [g.write],
    frame: false,
    groups: grid.groups,
  };
}
