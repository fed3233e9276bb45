import type { BinaryPrim, PrimAttrs, UnaryPrim, WindowAttrs } from "../../ir/prims";
import { type Shape, size } from "../../ir/shape";
import { type Arr, type ArrCtor, broadcastStrides, forEachStrided, stridesOf } from "./strided";

// Reference kernels of the CPU executor: plain loops, correct first, then not wasteful.
// They are the ground truth the WebGPU kernels are compared against.

/** erf by Abramowitz–Stegun 7.1.26 refined with one Newton step is not enough for Float64
 * gradchecks, so use the series / continued fraction pair (error < 1e-14). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series: erf x = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc by Lentz's continued fraction for large |x|.
  const x2 = ax * ax;
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = ax + an * d;
    d = 1 / d;
    c = ax + an / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-x2) / (f * Math.sqrt(Math.PI));
  return Math.sign(x) * (1 - erfc);
}

export const unaryFns: { [P in UnaryPrim]: (x: number) => number } = {
  neg: (x) => -x,
  recip: (x) => 1 / x,
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  abs: Math.abs,
  sign: Math.sign,
  floor: Math.floor,
  erf,
};

export const binaryFns: { [P in BinaryPrim]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  max: Math.max, // propagates NaN, as torch.maximum does
  min: Math.min,
  lt: (a, b) => (a < b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
};

export function unary(C: ArrCtor, p: UnaryPrim, x: Arr): Arr {
  const f = unaryFns[p];
  const out = new C(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

export function binary(C: ArrCtor, p: BinaryPrim, a: Arr, as: Shape, b: Arr, bs: Shape, os: Shape): Arr {
  const f = binaryFns[p];
  const n = size(os);
  const out = new C(n);
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
  } else if (b.length === 1 && a.length === n) {
    const bv = b[0];
    for (let i = 0; i < n; i++) out[i] = f(a[i], bv);
  } else if (a.length === 1 && b.length === n) {
    const av = a[0];
    for (let i = 0; i < n; i++) out[i] = f(av, b[i]);
  } else {
    forEachStrided(os, [broadcastStrides(as, os), broadcastStrides(bs, os)], (o, offs) => {
      out[o] = f(a[offs[0]], b[offs[1]]);
    });
  }
  return out;
}

export function where(C: ArrCtor, c: Arr, cs: Shape, a: Arr, as: Shape, b: Arr, bs: Shape, os: Shape): Arr {
  const out = new C(size(os));
  const st = [broadcastStrides(cs, os), broadcastStrides(as, os), broadcastStrides(bs, os)];
  forEachStrided(os, st, (o, offs) => {
    out[o] = c[offs[0]] !== 0 ? a[offs[1]] : b[offs[2]];
  });
  return out;
}

/** Sum or max over axes: walk the input, land each element on its reduced position. */
export function reduce(
  C: ArrCtor,
  kind: "sum" | "max",
  x: Arr,
  xs: Shape,
  axes: number[],
  outSize: number,
): Arr {
  const out = new C(outSize).fill(kind === "sum" ? 0 : Number.NEGATIVE_INFINITY);
  const keep = xs.map((d, i) => (axes.includes(i) ? 1 : d));
  const ost = stridesOf(keep).map((s, i) => (axes.includes(i) ? 0 : s));
  if (kind === "sum") {
    forEachStrided(xs, [ost], (i, offs) => {
      out[offs[0]] += x[i];
    });
  } else {
    forEachStrided(xs, [ost], (i, offs) => {
      const v = x[i];
      // NaN propagates, as in PyTorch's amax.
      if (v > out[offs[0]] || Number.isNaN(v)) out[offs[0]] = v;
    });
  }
  return out;
}

export function transpose(C: ArrCtor, x: Arr, xs: Shape, perm: number[], os: Shape): Arr {
  const out = new C(x.length);
  const st = stridesOf(xs);
  forEachStrided(os, [perm.map((p) => st[p])], (o, offs) => {
    out[o] = x[offs[0]];
  });
  return out;
}

export function broadcast(C: ArrCtor, x: Arr, xs: Shape, os: Shape): Arr {
  const out = new C(size(os));
  if (x.length === 1) return out.fill(x[0]);
  forEachStrided(os, [broadcastStrides(xs, os)], (o, offs) => {
    out[o] = x[offs[0]];
  });
  return out;
}

export function slice(C: ArrCtor, x: Arr, xs: Shape, a: PrimAttrs["slice"], os: Shape): Arr {
  const out = new C(size(os));
  const st = stridesOf(xs);
  const base = a.starts.reduce((p, s, i) => p + s * st[i], 0);
  forEachStrided(os, [st], (o, offs) => {
    out[o] = x[base + offs[0]];
  });
  return out;
}

export function pad(C: ArrCtor, x: Arr, xs: Shape, a: PrimAttrs["pad"], os: Shape): Arr {
  const out = new C(size(os)).fill(a.value);
  const ost = stridesOf(os);
  const base = a.before.reduce((p, s, i) => p + s * ost[i], 0);
  forEachStrided(xs, [ost], (i, offs) => {
    out[base + offs[0]] = x[i];
  });
  return out;
}

export function concat(C: ArrCtor, xs: Arr[], shapes: Shape[], axis: number, os: Shape): Arr {
  const out = new C(size(os));
  const outer = os.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = os.slice(axis + 1).reduce((p, d) => p * d, 1);
  const rowOut = os[axis] * inner;
  let at = 0;
  xs.forEach((x, k) => {
    const row = shapes[k][axis] * inner;
    for (let o = 0; o < outer; o++) {
      out.set(x.subarray(o * row, (o + 1) * row), o * rowOut + at);
    }
    at += row;
  });
  return out;
}

function checkIndex(v: number, n: number): number {
  const i = Math.round(v);
  if (!(i >= 0 && i < n)) throw new RangeError(`index ${v} out of range [0, ${n})`);
  return i;
}

export function gather(C: ArrCtor, x: Arr, xs: Shape, idx: Arr, axis: number): Arr {
  const outer = xs.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = xs.slice(axis + 1).reduce((p, d) => p * d, 1);
  const n = xs[axis];
  const m = idx.length;
  const out = new C(outer * m * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const i = checkIndex(idx[j], n);
      out.set(x.subarray((o * n + i) * inner, (o * n + i + 1) * inner), (o * m + j) * inner);
    }
  }
  return out;
}

export function scatterAdd(
  C: ArrCtor,
  g: Arr,
  gs: Shape,
  idx: Arr,
  idxRank: number,
  axis: number,
  n: number,
) {
  const outer = gs.slice(0, axis).reduce((p, d) => p * d, 1);
  const inner = gs.slice(axis + idxRank).reduce((p, d) => p * d, 1);
  const m = idx.length;
  const out = new C(outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const i = checkIndex(idx[j], n);
      const src = (o * m + j) * inner;
      const dst = (o * n + i) * inner;
      for (let t = 0; t < inner; t++) out[dst + t] += g[src + t];
    }
  }
  return out;
}

/** Batched matmul with broadcast batch dims; i-k-j loop order keeps the inner loop contiguous. */
export function matmul(C: ArrCtor, a: Arr, as: Shape, b: Arr, bs: Shape, os: Shape): Arr {
  const m = as[as.length - 2];
  const k = as[as.length - 1];
  const n = bs[bs.length - 1];
  const batchShape = os.slice(0, -2);
  const out = new C(size(os));
  const aBatch = broadcastStrides(as.slice(0, -2), batchShape).map((s) => s * m * k);
  const bBatch = broadcastStrides(bs.slice(0, -2), batchShape).map((s) => s * k * n);
  forEachStrided(batchShape, [aBatch, bBatch], (bi, offs) => {
    const ao = offs[0];
    const bo = offs[1];
    const oo = bi * m * n;
    for (let i = 0; i < m; i++) {
      const orow = oo + i * n;
      for (let p = 0; p < k; p++) {
        const av = a[ao + i * k + p];
        const brow = bo + p * n;
        for (let j = 0; j < n; j++) out[orow + j] += av * b[brow + j];
      }
    }
  });
  return out;
}

/** Visit every (input position, column position) pair of a sliding window. */
function forEachWindow(
  xs: Shape,
  w: WindowAttrs,
  visit: (xi: number, ci: number) => void,
  pad: (ci: number) => void,
) {
  const [N, C, H, W] = xs;
  const Ho = Math.floor((H + 2 * w.ph - w.dh * (w.kh - 1) - 1) / w.sh) + 1;
  const Wo = Math.floor((W + 2 * w.pw - w.dw * (w.kw - 1) - 1) / w.sw) + 1;
  let ci = 0;
  for (let nc = 0; nc < N * C; nc++) {
    const plane = nc * H * W;
    for (let ki = 0; ki < w.kh; ki++) {
      for (let kj = 0; kj < w.kw; kj++) {
        for (let oi = 0; oi < Ho; oi++) {
          const hi = oi * w.sh - w.ph + ki * w.dh;
          for (let oj = 0; oj < Wo; oj++, ci++) {
            const wj = oj * w.sw - w.pw + kj * w.dw;
            if (hi < 0 || hi >= H || wj < 0 || wj >= W) pad(ci);
            else visit(plane + hi * W + wj, ci);
          }
        }
      }
    }
  }
}

export function unfold(C: ArrCtor, x: Arr, xs: Shape, a: PrimAttrs["unfold"], os: Shape): Arr {
  const out = new C(size(os));
  forEachWindow(
    xs,
    a,
    (xi, ci) => {
      out[ci] = x[xi];
    },
    (ci) => {
      out[ci] = a.padValue;
    },
  );
  return out;
}

export function fold(C: ArrCtor, cols: Arr, a: PrimAttrs["fold"], os: Shape): Arr {
  const out = new C(size(os));
  forEachWindow(
    os,
    a,
    (xi, ci) => {
      out[xi] += cols[ci];
    },
    () => {},
  );
  return out;
}
