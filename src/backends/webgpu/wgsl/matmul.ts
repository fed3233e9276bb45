// Batched matmul [..., m, k] × [..., k, n] with register blocking: each thread owns a 4×4
// block of the output and walks k reading straight from storage, no workgroup memory and
// no barriers. On SwiftShader (a CPU) barriers are the expensive part and the caches do
// what shared-memory tiling would; on a discrete GPU a shared-memory variant would win
// for large sizes, which is what `MatmulArgs` leaves room for.
//
// Operands are strided views, so a transposed operand (the backward pass's Bᵀ and Aᵀ)
// is read in place instead of being copied. Accumulation is fma over k in increasing
// order: the CPU's `out += a·b` in double rounds once per step too, so both agree.

import type { KernelSpec } from "../kernel";
import { dim, dimsDecl, u32 } from "./format";
import { shader } from "./shader";

/** A strided view of one operand: element (batch b, row r, col c) at Σ batch·bs + r·row + c·col. */
export interface MatView {
  read: number;
  /** Offset of element (0, 0, 0). */
  base: number;
  /** Per batch axis of the output, the operand's stride (0 where it broadcasts). */
  batch: number[];
  row: number;
  col: number;
}

export interface MatmulArgs {
  m: number;
  k: number;
  n: number;
  /** The output's batch dims. */
  batchShape: number[];
  a: MatView;
  b: MatView;
  write: number;
  label: string;
}

const T = 4; // outputs per thread along each axis

function batchOffset(v: MatView, batchShape: number[], name: string): string {
  const terms: string[] = [];
  let div = 1;
  for (let ax = batchShape.length - 1; ax >= 0; ax--) {
    if (v.batch[ax] !== 0 && batchShape[ax] !== 1) {
      terms.push(`((bz / ${u32(div)}) % ${u32(batchShape[ax])}) * ${u32(v.batch[ax])}`);
    }
    div *= batchShape[ax];
  }
  if (v.base) terms.unshift(u32(v.base));
  return `let ${name} = ${terms.length ? terms.join(" + ") : "0u"};`;
}

/**
 * A product's sizes and strides as WGSL: literals, or (`dyn`, the shape-generic kernels)
 * names declared by `let`s (`named`) that read `dims`, in the order they are asked for.
 */
function sizesOf(g: MatmulArgs, dyn: boolean, bVec: boolean) {
  const dims: number[] = [];
  const named: string[] = [];
  /** A size as a literal, or as a `let` read from dims once at the top of the kernel. */
  const v = (name: string, value: number): string => {
    if (!dyn) return u32(value);
    named.push(`let ${name} = ${dim(dims.push(value) - 1)};`);
    return name;
  };
  return {
    dims,
    named,
    v,
    M: v("m", g.m),
    N: v("n", g.n),
    K: v("k", g.k),
    aRow: v("a_row", g.a.row),
    aCol: v("a_col", g.a.col),
    bRow: v("b_row", g.b.row),
    bCol: bVec ? "1u" : v("b_col", g.b.col),
  };
}

/** abase, bbase and obase: from `dims` (generic kernels, unbatched) or per batch entry bz. */
function offsetsOf(g: MatmulArgs, dyn: boolean, v: (name: string, value: number) => string): string {
  return dyn
    ? `let abase = ${v("a_base", g.a.base)};\n  let bbase = ${v("b_base", g.b.base)};\n  let obase = 0u;`
    : `${batchOffset(g.a, g.batchShape, "abase")}
  ${batchOffset(g.b, g.batchShape, "bbase")}
  let obase = bz * ${u32(g.m * g.n)};`;
}

/** Threads of the 64 along n: enough to cover n in blocks of 4, the rest go along m. */
function threadShape(n: number): [number, number] {
  let tx = 1;
  while (tx < 8 && tx * T < n) tx *= 2;
  return [tx, 64 / tx];
}

/**
 * `generic`: the sizes, strides and offsets come from the `dims` uniform instead of being
 * literals, so every unbatched product with the same thread shape and B layout (vec4 rows
 * or not) shares one text and one pipeline: the quick compile tier of every layer's forward
 * and backward products is one compile, not one per shape. Same fma order, same results.
 */
export function matmulKernel(g: MatmulArgs, generic = false): KernelSpec {
  const { m, n } = g;
  const [tx, ty] = threadShape(n);
  const batch = g.batchShape.reduce((p, d) => p * d, 1);
  // Batched products keep their literals (their batch offsets are per-axis divisions).
  const dyn = generic && g.batchShape.length === 0;
  // B's rows as vec4 when four output columns are contiguous and 16-byte aligned.
  const bVec =
    g.b.col === 1 &&
    n % 4 === 0 &&
    g.b.row % 4 === 0 &&
    g.b.base % 4 === 0 &&
    g.b.batch.every((s) => s % 4 === 0);
  const { dims, named, v, M, N, K, aRow, aCol, bRow, bCol } = sizesOf(g, dyn, bVec);
  const mLast = dyn ? "m1" : u32(m - 1);
  const nLast = dyn ? "n1" : u32(n - 1);
  if (dyn) named.push("let m1 = m - 1u;", "let n1 = n - 1u;");
  const offsets = offsetsOf(g, dyn, v);
  // Generic: the strides are not constants the compiler can fold, so the addresses are
  // walked (one add per operand per k step) instead of recomputed from p.
  const aAt = (r: number) => (dyn ? `ar${r} + pa` : `abase + rows[${r}] * ${aRow} + p * ${aCol}`);
  const loadsA = Array.from({ length: T }, (_, r) => `let a${r} = in0[${aAt(r)}];`).join("\n    ");
  let loadsB: string;
  let pre = "";
  let advance = "";
  if (bVec) {
    loadsB = dyn ? "let b = in1[pb];" : `let b = in1[(bbase + p * ${bRow} + col0) / 4u];`;
    // With vec4 rows, b_row, bbase and col0 are multiples of 4.
    if (dyn) pre = "var pb = (bbase + col0) / 4u;\n  let b_step = b_row / 4u;";
    if (dyn) advance = "pb = pb + b_step;";
  } else {
    const bAt = (c: number) => (dyn ? `bc${c} + pb` : `bbase + p * ${bRow} + cols[${c}] * ${bCol}`);
    loadsB = `let b = vec4<f32>(${Array.from({ length: T }, (_, c) => `in1[${bAt(c)}]`).join(", ")});`;
    if (dyn) {
      pre = `${Array.from({ length: T }, (_, c) => `let bc${c} = bbase + cols[${c}] * ${bCol};`).join("\n  ")}\n  var pb = 0u;`;
      advance = "pb = pb + b_row;";
    }
  }
  if (dyn) {
    pre = `${Array.from({ length: T }, (_, r) => `let ar${r} = abase + rows[${r}] * ${aRow};`).join("\n  ")}\n  var pa = 0u;\n  ${pre}`;
    advance = `pa = pa + ${aCol};\n    ${advance}`;
  }
  const fmas = Array.from({ length: T }, (_, r) => `acc${r} = fma(vec4<f32>(a${r}), b, acc${r});`).join(
    "\n    ",
  );
  const kStep = `{\n    ${loadsA}\n    ${loadsB}\n    ${fmas}\n    ${advance}\n  }`;
  // Not unrolled: on SwiftShader a 4× unrolled generic loop ran ~10% faster but took 2–3×
  // as long to compile, and this kernel is the quick tier, where compiles cost more.
  const loop = `for (var p = 0u; p < ${K}; p = p + 1u) ${kStep}`;
  const stores = Array.from(
    { length: T },
    (_, r) => `if (row0 + ${r}u < ${M}) {
    let o = obase + (row0 + ${r}u) * ${N};
    for (var c = 0u; c < ${u32(T)}; c = c + 1u) { if (col0 + c < ${N}) { out[o + col0 + c] = acc${r}[c]; } }
  }`,
  ).join("\n  ");
  const decls = [
    `@group(0) @binding(0) var<storage, read> in0: array<f32>;`,
    `@group(0) @binding(1) var<storage, read> in1: array<${bVec ? "vec4<f32>" : "f32"}>;`,
    `@group(0) @binding(2) var<storage, read_write> out: array<f32>;`,
  ];
  // The sizes are read (and so counted) while the body is written; the declaration comes last.
  const body = `@compute @workgroup_size(${tx}, ${ty})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  ${named.join("\n  ")}
  let col0 = gid.x * ${u32(T)};
  let row0 = gid.y * ${u32(T)};
  let bz = gid.z;
  if (col0 >= ${N} || row0 >= ${M}) { return; }
  ${offsets}
  // Rows and columns past the edge re-read the last valid one, keeping the loop branch-free.
  let rows = array<u32, 4>(row0, min(row0 + 1u, ${mLast}), min(row0 + 2u, ${mLast}), min(row0 + 3u, ${mLast}));
  let cols = array<u32, 4>(col0, min(col0 + 1u, ${nLast}), min(col0 + 2u, ${nLast}), min(col0 + 3u, ${nLast}));
  var acc0 = vec4<f32>(0.0f);
  var acc1 = vec4<f32>(0.0f);
  var acc2 = vec4<f32>(0.0f);
  var acc3 = vec4<f32>(0.0f);
  ${pre}
  ${loop}
  ${stores}
}`;
  if (dyn) decls.push(dimsDecl(dims.length, 3));
  return {
    label: g.label,
    code: shader(decls.join("\n"), body),
    reads: [g.a.read, g.b.read],
    writes: [g.write],
    frame: false,
    ...(dyn && { dims }),
    groups: [Math.ceil(n / (T * tx)), Math.ceil(m / (T * ty)), batch],
  };
}

/** Register-tiling knobs of `matmulTiledKernel` (the software adapter's matmul). */
export interface MatmulTile {
  /** Output rows per invocation. */
  tm: number;
  /** Output columns per invocation (a multiple of 4: vec4 accumulators). */
  tn: number;
  /** Invocations per workgroup. */
  wg: number;
  /** k steps per loop iteration (1, 2 or 4); a remainder loop takes the rest. */
  unroll: number;
  /**
   * Most invocations along n in a workgroup: keeps its output block square-ish, so the
   * slabs of A and B it walks stay in cache (one 1024-wide row of blocks re-reads all of B).
   */
  maxTx: number;
}

/** 0, 1, …, r-1. */
const upTo = (r: number) => Array.from({ length: r }, (_, i) => i);

const aligned4 = (v: MatView) => v.base % 4 === 0 && v.batch.every((s) => s % 4 === 0);

/**
 * The same product with a tm × tn block per invocation: tm scalar loads of A and tn/4
 * vec4 loads of B feed tm·tn/4 vec4 fmas per k step. Accumulation is still one fma per
 * k step in increasing order, so results equal `matmulKernel`'s.
 *
 * `generic` (unbatched products; `unroll` is then 1): sizes, strides and offsets come from
 * the `dims` uniform, as in `matmulKernel`, so one text serves every product with the same
 * block, thread shape and B layout; the addresses are walked rather than multiplied out.
 */
export function matmulTiledKernel(g: MatmulArgs, t: MatmulTile, generic = false): KernelSpec {
  const { m, k, n } = g;
  const { tm, tn } = t;
  const nv = tn / 4;
  let tx = 1;
  while (tx < Math.min(t.wg, t.maxTx) && tx * tn < n) tx *= 2;
  const ty = t.wg / tx;
  const batch = g.batchShape.reduce((p, d) => p * d, 1);
  const dyn = generic && g.batchShape.length === 0;
  const unroll = dyn ? 1 : t.unroll;
  const bVec = g.b.col === 1 && n % 4 === 0 && g.b.row % 4 === 0 && aligned4(g.b);
  const { dims, named, v, M, N, K, aRow, aCol, bRow, bCol } = sizesOf(g, dyn, bVec);
  const offsets = offsetsOf(g, dyn, v);
  const bmax = dyn
    ? `(bbase + (${K} - 1u) * ${bRow} + ${N} - 1u) / 4u`
    : `(bbase + ${u32((k - 1) * g.b.row + n - 1)}) / 4u`;
  const mLast = dyn ? `${M} - 1u` : u32(m - 1);
  const nLast = dyn ? `${N} - 1u` : u32(n - 1);
  const rowsDecl = upTo(tm)
    .map((r) => `let ar${r} = abase + ${r === 0 ? "row0" : `min(row0 + ${r}u, ${mLast})`} * ${aRow};`)
    .join("\n  ");
  const colsDecl = bVec
    ? ""
    : upTo(tn)
        .map((c) => `let bc${c} = bbase + ${c === 0 ? "col0" : `min(col0 + ${c}u, ${nLast})`} * ${bCol};`)
        .join("\n  ");
  // Generic: pa walks A's column, pb B's row (one add each per k step).
  const aAt = (r: number, p: string) => (dyn ? `ar${r} + pa` : `ar${r} + ${p} * ${aCol}`);
  const bRowAt = (p: string) => (dyn ? "pb" : `${p} * ${bRow}`);
  const bVecAt = (j: number, p: string) =>
    dyn ? `min(pb + ${j}u, bmax)` : `min((bbase + ${p} * ${bRow} + col0) / 4u + ${j}u, bmax)`;
  const step = (p: string) => {
    const lines: string[] = [];
    // Row r's value at k step p, splatted.
    for (let r = 0; r < tm; r++) lines.push(`let a${r} = vec4<f32>(in0[${aAt(r, p)}]);`);
    for (let j = 0; j < nv; j++) {
      if (bVec) {
        // col0 + 4j may pass n: such columns read the next row (never stored), clamped in the buffer.
        lines.push(`let b${j} = in1[${bVecAt(j, p)}];`);
      } else {
        const comps = upTo(4).map((c) => `in1[bc${4 * j + c} + ${bRowAt(p)}]`);
        lines.push(`let b${j} = vec4<f32>(${comps.join(", ")});`);
      }
    }
    for (let r = 0; r < tm; r++)
      for (let j = 0; j < nv; j++) lines.push(`acc${r}_${j} = fma(a${r}, b${j}, acc${r}_${j});`);
    if (dyn) lines.push(`pa = pa + ${aCol};`, `pb = pb + ${bVec ? "b_step" : bRow};`);
    return `{\n    ${lines.join("\n    ")}\n  }`;
  };
  const kMain = k - (k % unroll);
  const unrolled = upTo(unroll)
    .map((u) => step(u === 0 ? "p" : `(p + ${u}u)`))
    .join("\n    ");
  const tail = !dyn && kMain < k ? `for (var p = ${u32(kMain)}; p < ${u32(k)}; p = p + 1u) ${step("p")}` : "";
  const walk = bVec
    ? "var pa = 0u;\n  var pb = (bbase + col0) / 4u;\n  let b_step = b_row / 4u;"
    : "var pa = 0u;\n  var pb = 0u;";
  const accs = upTo(tm)
    .flatMap((r) => upTo(nv).map((j) => `var acc${r}_${j} = vec4<f32>(0.0f);`))
    .join("\n  ");
  const stores = upTo(tm)
    .map((r) => {
      const cols = upTo(nv)
        .flatMap((j) =>
          upTo(4).map((c) => {
            const off = 4 * j + c;
            return `if (col0 + ${off}u < ${N}) { out[o + col0 + ${off}u] = acc${r}_${j}[${c}]; }`;
          }),
        )
        .join("\n    ");
      return `if (row0 + ${r}u < ${M}) {\n    let o = obase + (row0 + ${r}u) * ${N};\n    ${cols}\n  }`;
    })
    .join("\n  ");
  const decls = [
    `@group(0) @binding(0) var<storage, read> in0: array<f32>;`,
    `@group(0) @binding(1) var<storage, read> in1: array<${bVec ? "vec4<f32>" : "f32"}>;`,
    `@group(0) @binding(2) var<storage, read_write> out: array<f32>;`,
  ];
  // The sizes are read (and so counted) while the body is written; the declaration comes last.
  const body = `@compute @workgroup_size(${tx}, ${ty})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  ${dyn ? `${named.join("\n  ")}\n  ` : ""}let col0 = gid.x * ${u32(tn)};
  let row0 = gid.y * ${u32(tm)};
  let bz = gid.z;
  if (col0 >= ${N} || row0 >= ${M}) { return; }
  ${offsets}
  ${bVec ? `let bmax = ${bmax};` : ""}
  ${rowsDecl}
  ${colsDecl}
  ${accs}
  ${dyn ? `${walk}\n  ` : ""}for (var p = 0u; p < ${dyn ? K : u32(kMain)}; p = p + ${u32(unroll)}) {
    ${unrolled}
  }
  ${tail}
  ${stores}
}`;
  if (dyn) decls.push(dimsDecl(dims.length, 3));
  return {
    label: g.label,
    code: shader(decls.join("\n"), body),
    reads: [g.a.read, g.b.read],
    writes: [g.write],
    frame: false,
    ...(dyn && { dims }),
    groups: [Math.ceil(n / (tn * tx)), Math.ceil(m / (tm * ty)), batch],
  };
}
