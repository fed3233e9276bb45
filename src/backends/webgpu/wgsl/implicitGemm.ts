// Convolution as a matmul whose B operand is the im2col matrix read straight from the image
// ("implicit GEMM"): the columns unfold would write, 25× the image for a 5×5 kernel, are
// never stored, and no unfold kernel runs. B is either the convolution's [C·kh·kw, Ho·Wo]
// (taps along k: the forward) or its transpose (positions along k: the weight gradient).
//
// Each invocation owns a tm × tn block of the output like matmulTiledKernel, without
// workgroup memory or barriers (SwiftShader's expensive part). Every B address splits into
// a part fixed per output column, computed once, and a part fixed per k step, which nested
// loops over the k side's window axes advance without divisions. Accumulation is one fma
// per k step in increasing order, as in the other matmul kernels.

import type { PrimAttrs } from "../../../ir/prims";
import { windowOut } from "../../../ir/shape";
import type { KernelSpec } from "../kernel";
import type { View } from "../views";
import { ENTRY, f32, grid1d, u32 } from "./format";
import type { MatView } from "./matmul";
import { shader } from "./shader";

/** The unfold of image `x` as a matrix operand, per image of the batch. */
export interface Im2colOperand {
  /** The image [N, C, H, W], possibly strided. */
  x: View;
  window: PrimAttrs["unfold"];
  /** Which matmul axis runs over the window's taps (c, ki, kj); the other runs over (oi, oj). */
  taps: "k" | "n";
}

export interface ImplicitGemmArgs {
  m: number;
  k: number;
  n: number;
  /** Images in the batch: the output's only batch axis. */
  batch: number;
  /** A, with one batch stride (0 when shared by every image). */
  a: MatView;
  b: Im2colOperand;
  write: number;
  label: string;
}

/** Output rows × columns per invocation (columns a multiple of 4: vec4 accumulators). */
export interface GemmTile {
  tm: number;
  tn: number;
}

/** Fewer loads per fma: what the software adapter runs once compiled. */
export const FULL_TILE: GemmTile = { tm: 8, tn: 8 };
/** The quick compile tier (kernel.ts): a quarter of the unrolled body, the same sums. */
export const QUICK_TILE: GemmTile = { tm: 4, tn: 4 };
const upTo = (r: number) => Array.from({ length: r }, (_, i) => i);
const i32 = (v: number) => `${v}i`;

/** The window's axes, with the strides and offsets a B address is made of. */
function windowGeometry(b: Im2colOperand) {
  const [, c, h, w] = b.x.shape;
  const [, sc, sh, sw] = b.x.strides;
  const a = b.window;
  const ho = windowOut(h, a.kh, a.sh, a.ph, a.dh);
  const wo = windowOut(w, a.kw, a.sw, a.pw, a.dw);
  return { c, h, w, sc, sh, sw, a, ho, wo, padded: a.ph > 0 || a.pw > 0 };
}

/**
 * Per output column j (clamped to the last valid one): `cy{j}`, `cx{j}` (its row and column
 * contributions in the image) and `co{j}` (its part of the address).
 */
function columnSide(b: Im2colOperand, n: number, tn: number): string {
  const g = windowGeometry(b);
  return upTo(tn)
    .map((j) => {
      const col = j === 0 ? "col0" : `min(col0 + ${j}u, ${u32(n - 1)})`;
      const [y, x, off] =
        b.taps === "k"
          ? // an output position (oi, oj)
            [
              `i32(${col} / ${u32(g.wo)}) * ${i32(g.a.sh)} - ${i32(g.a.ph)}`,
              `i32(${col} % ${u32(g.wo)}) * ${i32(g.a.sw)} - ${i32(g.a.pw)}`,
              "",
            ]
          : // a tap (c, ki, kj)
            [
              `i32((${col} / ${u32(g.a.kw)}) % ${u32(g.a.kh)}) * ${i32(g.a.dh)}`,
              `i32(${col} % ${u32(g.a.kw)}) * ${i32(g.a.dw)}`,
              ` + i32(${col} / ${u32(g.a.kh * g.a.kw)}) * ${i32(g.sc)}`,
            ];
      return `let cy${j} = ${y};\n  let cx${j} = ${x};\n  let co${j} = cy${j} * ${i32(g.sh)} + cx${j} * ${i32(g.sw)}${off};`;
    })
    .join("\n  ");
}

/** Nested loops over the k side's window axes, defining `ky`, `kx` and `ko` around `body`. */
function kLoops(b: Im2colOperand, body: string): string {
  const g = windowGeometry(b);
  const loop = (v: string, n: number, inner: string) =>
    `for (var ${v} = 0i; ${v} < ${i32(n)}; ${v} = ${v} + 1i) {\n${inner}\n}`;
  if (b.taps === "k") {
    const inner = `let ky = ki * ${i32(g.a.dh)};
let kx = kj * ${i32(g.a.dw)};
let ko = ch * ${i32(g.sc)} + ky * ${i32(g.sh)} + kx * ${i32(g.sw)};
${body}`;
    return loop("ch", g.c, loop("ki", g.a.kh, loop("kj", g.a.kw, inner)));
  }
  const inner = `let ky = oi * ${i32(g.a.sh)} - ${i32(g.a.ph)};
let kx = oj * ${i32(g.a.sw)} - ${i32(g.a.pw)};
let ko = ky * ${i32(g.sh)} + kx * ${i32(g.sw)};
${body}`;
  return loop("oi", g.ho, loop("oj", g.wo, inner));
}

/** The largest index the image view reaches: a clamp for the reads that padding discards. */
function lastIndex(x: View): number {
  return x.base + x.shape.reduce((p, d, ax) => p + (d - 1) * x.strides[ax], 0);
}

export function implicitGemmKernel(g: ImplicitGemmArgs, tile = FULL_TILE): KernelSpec {
  const { m, k, n, a, b } = g;
  const { tm, tn } = tile;
  const geo = windowGeometry(b);
  if (k !== (b.taps === "k" ? geo.c * geo.a.kh * geo.a.kw : geo.ho * geo.wo)) {
    throw new Error(`${g.label}: k = ${k} does not match the window`);
  }
  const mb = Math.ceil(m / tm);
  const nb = Math.ceil(n / tn);
  const grid = grid1d(g.batch * mb * nb);
  const nv = tn / 4;
  const rows = upTo(tm)
    .map(
      (r) => `let ar${r} = abase + ${r === 0 ? "row0" : `min(row0 + ${r}u, ${u32(m - 1)})`} * ${u32(a.row)};`,
    )
    .join("\n  ");
  // Unpadded windows never leave the image; padded taps read the pad value, as unfold wrote.
  const bAt = (j: number) => {
    if (!geo.padded) return `in1[u32(xbase + co${j} + ko)]`;
    const inside = `u32(cy${j} + ky) < ${u32(geo.h)} && u32(cx${j} + kx) < ${u32(geo.w)}`;
    return `select(${f32(b.window.padValue)}, in1[min(u32(xbase + co${j} + ko), ${u32(lastIndex(b.x))})], ${inside})`;
  };
  const step = [
    ...upTo(tm).map((r) => `let a${r} = vec4<f32>(in0[ar${r} + p * ${u32(a.col)}]);`),
    ...upTo(nv).map(
      (v) =>
        `let b${v} = vec4<f32>(${upTo(4)
          .map((c) => bAt(4 * v + c))
          .join(", ")});`,
    ),
    ...upTo(tm).flatMap((r) => upTo(nv).map((v) => `acc${r}_${v} = fma(a${r}, b${v}, acc${r}_${v});`)),
    "p = p + 1u;",
  ].join("\n");
  const accs = upTo(tm)
    .flatMap((r) => upTo(nv).map((v) => `var acc${r}_${v} = vec4<f32>(0.0f);`))
    .join("\n  ");
  const stores = upTo(tm)
    .map((r) => {
      const cols = upTo(tn)
        .map((c) => `if (col0 + ${c}u < ${u32(n)}) { out[o + col0 + ${c}u] = acc${r}_${c >> 2}[${c & 3}]; }`)
        .join("\n    ");
      return `if (row0 + ${r}u < ${u32(m)}) {\n    let o = obase + (row0 + ${r}u) * ${u32(n)};\n    ${cols}\n  }`;
    })
    .join("\n  ");
  const decls = [
    `@group(0) @binding(0) var<storage, read> in0: array<f32>;`,
    `@group(0) @binding(1) var<storage, read> in1: array<f32>;`,
    `@group(0) @binding(2) var<storage, read_write> out: array<f32>;`,
  ].join("\n");
  const body = `${ENTRY} {
  ${grid.prologue}
  let col0 = (i % ${u32(nb)}) * ${u32(tn)};
  let row0 = ((i / ${u32(nb)}) % ${u32(mb)}) * ${u32(tm)};
  let bz = i / ${u32(nb * mb)};
  let abase = ${u32(a.base)} + bz * ${u32(a.batch[0] ?? 0)};
  let xbase = i32(${u32(b.x.base)} + bz * ${u32(b.x.strides[0])});
  let obase = bz * ${u32(m * n)};
  ${rows}
  ${columnSide(b, n, tn)}
  ${accs}
  var p = 0u;
  ${kLoops(b, step)}
  ${stores}
}`;
  return {
    label: g.label,
    code: shader(decls, body),
    reads: [a.read, b.x.src],
    writes: [g.write],
    frame: false,
    groups: grid.groups,
  };
}
