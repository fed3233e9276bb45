// Max pooling read straight from the image, forward and backward, instead of the generic
// unfold → reduce_max and eq → sum → div → mul → fold chains they lower to. Each window is
// visited in the CPU's order with the same f32 operations, so both backends produce the
// same bits as those chains (and the same error where a division is inexact).

import type { PrimAttrs } from "../../../ir/prims";
import { size, windowOut } from "../../../ir/shape";
import type { KernelSpec } from "../kernel";
import type { View } from "../views";
import { bindings, ENTRY, f32, grid1d, u32 } from "./format";
import { shader } from "./shader";

type Window = PrimAttrs["unfold"];

const i32 = (v: number) => `${v}i`;
const upTo = (r: number) => Array.from({ length: r }, (_, i) => i);

/** `let plane = …`: where image (n, c) starts in the view, from `nc = n·C + c`. */
function planeOf(x: View, nc: string): string {
  const [, c] = x.shape;
  const [sn, sc] = x.strides;
  return `let plane = ${u32(x.base)} + (${nc} / ${u32(c)}) * ${u32(sn)} + (${nc} % ${u32(c)}) * ${u32(sc)};`;
}

/** What code visiting one tap of a window can use. */
interface Tap {
  /** The tap's value (the pad value outside the image). */
  v: string;
  /** Whether the tap lies inside the image. */
  inside: string;
  /** A suffix that keeps names apart between unrolled taps. */
  key: string;
  /** Index of the tap's pixel in a plane starting at `base` with these row and column strides. */
  at(base: string, rs: number, cs: number): string;
}

/**
 * Windows of up to this many taps (2×2, the usual pool) are unrolled: SwiftShader takes
 * ~0.5 s to compile a 3×3 window's gradient unrolled, seconds for 7×7.
 */
const MAX_UNROLLED_TAPS = 4;

/**
 * The taps of the window at (oi, oj) of `plane`, in the CPU's order: `prelude` reads them
 * and `each` repeats code per tap, unrolled (each tap read once, kept in registers) or, for
 * large windows or inside other loops, as loops (re-reading the image per visit).
 */
function windowTaps(x: View, a: Window, unroll: boolean) {
  const [, , h, w] = x.shape;
  const [, , sh, sw] = x.strides;
  const padded = a.ph > 0 || a.pw > 0;
  const inImage = (r: string, c: string) =>
    `${r} >= 0i && ${r} < ${i32(h)} && ${c} >= 0i && ${c} < ${i32(w)}`;
  const at = (r: string, c: string) => (base: string, rs: number, cs: number) =>
    `${base} + u32(${r}) * ${u32(rs)} + u32(${c}) * ${u32(cs)}`;
  const row = (qi: string) => `oi * ${i32(a.sh)} - ${i32(a.ph)} + ${qi} * ${i32(a.dh)}`;
  const col = (qj: string) => `oj * ${i32(a.sw)} - ${i32(a.pw)} + ${qj} * ${i32(a.dw)}`;
  // Unpadded windows never leave the image (the output size formula).
  const read = (v: string, r: string, c: string) =>
    padded
      ? `var ${v} = ${f32(a.padValue)};\n  if (${inImage(r, c)}) { ${v} = in0[${at(r, c)("plane", sh, sw)}]; }`
      : `let ${v} = in0[${at(r, c)("plane", sh, sw)}];`;
  if (unroll && a.kh * a.kw <= MAX_UNROLLED_TAPS) {
    const taps = upTo(a.kh).flatMap((qi) => upTo(a.kw).map((qj) => [`r${qi}`, `c${qj}`, `_${qi}_${qj}`]));
    const prelude = [
      ...upTo(a.kh).map((qi) => `let r${qi} = ${row(i32(qi))};`),
      ...upTo(a.kw).map((qj) => `let c${qj} = ${col(i32(qj))};`),
      ...taps.map(([r, c, key]) => read(`v${key}`, r, c)),
    ].join("\n  ");
    const each = (body: (t: Tap) => string) =>
      taps
        .map(([r, c, key]) => body({ v: `v${key}`, inside: inImage(r, c), key, at: at(r, c) }))
        .join("\n  ");
    return { prelude, each, padded };
  }
  const each = (body: (t: Tap) => string) => `for (var qi = 0i; qi < ${i32(a.kh)}; qi = qi + 1i) {
    let r = ${row("qi")};
    for (var qj = 0i; qj < ${i32(a.kw)}; qj = qj + 1i) {
      let c = ${col("qj")};
      ${read("v", "r", "c")}
      ${body({ v: "v", inside: inImage("r", "c"), key: "", at: at("r", "c") })}
    }
  }`;
  return { prelude: "", each, padded };
}

/** `var count`: the window's ties with its max `yv`, padding included, as sum(eq(unfold(x), y)) counts them. */
function countTies(taps: ReturnType<typeof windowTaps>): string {
  return `var count = 0.0f;\n  ${taps.each((t) => `count = count + select(0.0f, 1.0f, ${t.v} == yv);`)}`;
}

/** y[n, c, oi, oj] = max over the window (pad value outside), folded from −∞ like reduce_max. */
export function maxPoolKernel(x: View, a: Window, write: number, label: string): KernelSpec {
  const [n, c, h, w] = x.shape;
  const ho = windowOut(h, a.kh, a.sh, a.ph, a.dh);
  const wo = windowOut(w, a.kw, a.sw, a.pw, a.dw);
  const grid = grid1d(n * c * ho * wo);
  const taps = windowTaps(x, a, true);
  const body = `${ENTRY} {
  ${grid.prologue}
  let oj = i32(i % ${u32(wo)});
  let oi = i32((i / ${u32(wo)}) % ${u32(ho)});
  ${planeOf(x, `(i / ${u32(wo * ho)})`)}
  ${taps.prelude}
  var acc = ${f32(Number.NEGATIVE_INFINITY)};
  ${taps.each((t) => `acc = wg_max(acc, ${t.v});`)}
  out[i] = acc;
}`;
  return {
    label,
    code: shader(bindings(1), body),
    reads: [x.src],
    writes: [write],
    frame: false,
    groups: grid.groups,
  };
}

/** Windows that never share a pixel: (kernel − 1)·dilation + 1 ≤ stride along both axes. */
export function windowsDisjoint(a: Window): boolean {
  return (a.kh - 1) * a.dh + 1 <= a.sh && (a.kw - 1) * a.dw + 1 <= a.sw;
}

/**
 * The gradient of max pooling with respect to its image, as reduce_max's VJP and fold
 * compute it: each window passes g to the taps equal to its max, shared evenly among ties,
 * `(eq / count) · g`, and each pixel sums what its covering windows pass it, in fold's
 * tap order. `y` and `g` are contiguous [N, C, Ho, Wo].
 *
 * Disjoint windows (the usual 2×2 stride 2) take one thread per window, which reads and
 * counts its taps once and writes them from registers. Overlapping windows take one thread
 * per pixel gathering from the windows that cover it.
 */
export function maxPoolBackwardKernel(
  x: View,
  a: Window,
  y: number,
  g: number,
  write: number,
  label: string,
): KernelSpec {
  const make = windowsDisjoint(a) ? scatterPerWindow : gatherPerPixel;
  return make(x, a, y, g, write, label);
}

function scatterPerWindow(
  x: View,
  a: Window,
  y: number,
  g: number,
  write: number,
  label: string,
): KernelSpec {
  const [n, c, h, w] = x.shape;
  const ho = windowOut(h, a.kh, a.sh, a.ph, a.dh);
  const wo = windowOut(w, a.kw, a.sw, a.pw, a.dw);
  const grid = grid1d(n * c * ho * wo);
  const taps = windowTaps(x, a, true);
  const writes = taps.each((t) => {
    const d = `d${t.key}`;
    // fold's sum starts from +0, which turns a −0 term into +0 (a literal 0 + d is folded away).
    const store = `let ${d} = (select(0.0f, 1.0f, ${t.v} == yv) / count) * gv;
  out[${t.at("obase", w, 1)}] = select(${d}, 0.0f, ${d} == 0.0f);`;
    return taps.padded ? `if (${t.inside}) {\n  ${store}\n  }` : store;
  });
  const body = `${ENTRY} {
  ${grid.prologue}
  let oj = i32(i % ${u32(wo)});
  let oi = i32((i / ${u32(wo)}) % ${u32(ho)});
  let nc = i / ${u32(wo * ho)};
  ${planeOf(x, "nc")}
  let obase = nc * ${u32(h * w)};
  let yv = in1[i];
  let gv = in2[i];
  ${taps.prelude}
  ${countTies(taps)}
  ${writes}
  ${zeroUntapped(a, h, w, ho, wo)}
}`;
  return {
    label,
    code: shader(bindings(3), body),
    reads: [x.src, y, g],
    writes: [write],
    frame: false,
    groups: grid.groups,
  };
}

/**
 * Zeros for the pixels of the window's cell that no tap lands on (fold leaves them 0): the
 * rows from its first tap to the next window's (the last window's to the image's edge),
 * likewise the columns. Nothing where the windows tile the image exactly.
 */
function zeroUntapped(a: Window, h: number, w: number, ho: number, wo: number): string {
  const tiled = a.kh === a.sh && a.kw === a.sw && a.dh === 1 && a.dw === 1 && a.ph === 0 && a.pw === 0;
  if (tiled && h === ho * a.sh && w === wo * a.sw) return "";
  const cell = (o: string, s: number, p: number, last: number, extent: number) =>
    `max(${o} * ${i32(s)} - ${i32(p)}, 0i), select((${o} + 1i) * ${i32(s)} - ${i32(p)}, ${i32(extent)}, ${o} == ${i32(last)})`;
  return `let rows = vec2<i32>(${cell("oi", a.sh, a.ph, ho - 1, h)});
  let cols = vec2<i32>(${cell("oj", a.sw, a.pw, wo - 1, w)});
  for (var py = rows.x; py < rows.y; py = py + 1i) {
    let dy = py - (oi * ${i32(a.sh)} - ${i32(a.ph)});
    let tapRow = dy % ${i32(a.dh)} == 0i && dy / ${i32(a.dh)} < ${i32(a.kh)};
    for (var px = cols.x; px < cols.y; px = px + 1i) {
      let dx = px - (oj * ${i32(a.sw)} - ${i32(a.pw)});
      if (!(tapRow && dx % ${i32(a.dw)} == 0i && dx / ${i32(a.dw)} < ${i32(a.kw)})) {
        out[obase + u32(py) * ${u32(w)} + u32(px)] = 0.0f;
      }
    }
  }`;
}

function gatherPerPixel(x: View, a: Window, y: number, g: number, write: number, label: string): KernelSpec {
  const [n, c, h, w] = x.shape;
  const ho = windowOut(h, a.kh, a.sh, a.ph, a.dh);
  const wo = windowOut(w, a.kw, a.sw, a.pw, a.dw);
  const [, , sh, sw] = x.strides;
  const grid = grid1d(size([n, c, h, w]));
  const body = `${ENTRY} {
  ${grid.prologue}
  let px = i32(i % ${u32(w)});
  let py = i32((i / ${u32(w)}) % ${u32(h)});
  let nc = i / ${u32(h * w)};
  ${planeOf(x, "nc")}
  let xv = in0[plane + u32(py) * ${u32(sh)} + u32(px) * ${u32(sw)}];
  var acc = 0.0f;
  for (var ki = 0i; ki < ${i32(a.kh)}; ki = ki + 1i) {
    let ty = py + ${i32(a.ph)} - ki * ${i32(a.dh)};
    if (ty < 0i || ty % ${i32(a.sh)} != 0i || ty / ${i32(a.sh)} >= ${i32(ho)}) { continue; }
    let oi = ty / ${i32(a.sh)};
    for (var kj = 0i; kj < ${i32(a.kw)}; kj = kj + 1i) {
      let tx = px + ${i32(a.pw)} - kj * ${i32(a.dw)};
      if (tx < 0i || tx % ${i32(a.sw)} != 0i || tx / ${i32(a.sw)} >= ${i32(wo)}) { continue; }
      let oj = tx / ${i32(a.sw)};
      let yi = (nc * ${u32(ho)} + u32(oi)) * ${u32(wo)} + u32(oj);
      let yv = in1[yi];
      // Looped: unrolled inside these loops, SwiftShader's compile stalls.
      ${countTies(windowTaps(x, a, false))}
      acc = acc + (select(0.0f, 1.0f, xv == yv) / count) * in2[yi];
    }
  }
  out[i] = acc;
}`;
  return {
    label,
    code: shader(bindings(3), body),
    reads: [x.src, y, g],
    writes: [write],
    frame: false,
    groups: grid.groups,
  };
}
