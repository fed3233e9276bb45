// sum and reduce_max over any set of axes.
//
// Serial form (one thread per output, nested loops over the reduced axes in row-major
// order): the same order of additions as the CPU executor, so f32 sums agree bit for bit,
// and no barriers, which SwiftShader charges ~75 µs per workgroup for.
//
// Tree form (one workgroup per output, 64 strided partial sums, then a log-step tree in
// workgroup memory): for few outputs over many elements (a loss over a big batch), where
// one thread per output would leave the GPU idle. Its order differs from the CPU's, so
// its error bound is the pairwise one, ∝ log2(n)·ε instead of n·ε.

import { size } from "../../../ir/shape";
import { type KernelSpec, withTiers } from "../kernel";
import type { View } from "../views";
import { bindings, coords, dim, ENTRY, f32, grid1d, MAX_GROUPS, stridesOf, u32, WG } from "./format";
import { shader } from "./shader";

export interface ReduceArgs {
  kind: "sum" | "max";
  /** The input, possibly a strided view (a transposed or broadcast operand is read in place). */
  input: View;
  axes: number[];
  write: number;
  label: string;
}

const init = (kind: "sum" | "max") => (kind === "sum" ? "0.0f" : f32(Number.NEGATIVE_INFINITY));
const combine = (kind: "sum" | "max", acc: string, v: string) =>
  kind === "sum" ? `${acc} + ${v}` : `wg_max(${acc}, ${v})`;

/** Few long reductions go to the tree form. */
export function prefersTree(outSize: number, reduceSize: number): boolean {
  return reduceSize >= 1024 && outSize * WG <= reduceSize && outSize <= MAX_GROUPS;
}

export function reduceKernel(r: ReduceArgs): KernelSpec {
  const inShape = r.input.shape;
  const st = r.input.strides;
  const red = new Set(r.axes);
  const kept = inShape.map((_, ax) => ax).filter((ax) => !red.has(ax));
  const keptShape = kept.map((ax) => inShape[ax]);
  const outSize = size(keptShape);
  const reduceSize = r.axes.reduce((p, ax) => p * inShape[ax], 1);
  const keptTerms = kept.flatMap((ax, j) =>
    st[ax] === 0 ? [] : [st[ax] === 1 ? `k${j}` : `k${j} * ${u32(st[ax])}`],
  );
  if (r.input.base) keptTerms.unshift(u32(r.input.base));
  const keptOffset = keptTerms.length ? keptTerms.join(" + ") : "0u";
  const decls = bindings(1);
  const literal = literalReduce(r, outSize, reduceSize, keptShape, keptOffset, decls);
  // The shape-generic form is the quick tier; the literal one takes over once compiled.
  const generic = genericReduce(r, outSize, reduceSize);
  return generic ? withTiers(literal, generic) : literal;
}

function literalReduce(
  r: ReduceArgs,
  outSize: number,
  reduceSize: number,
  keptShape: number[],
  keptOffset: string,
  decls: string,
): KernelSpec {
  const inShape = r.input.shape;
  const st = r.input.strides;
  if (prefersTree(outSize, reduceSize)) {
    const redAxes = [...r.axes].sort((a, b) => a - b);
    const redShape = redAxes.map((ax) => inShape[ax]);
    const rst = stridesOf(redShape);
    const redOffset = redAxes
      .map((ax, j) => {
        const c = j === 0 ? `(j / ${u32(rst[j])})` : `((j / ${u32(rst[j])}) % ${u32(redShape[j])})`;
        return `${c} * ${u32(st[ax])}`;
      })
      .join(" + ");
    const head = `${coords(
      "o",
      keptShape,
      keptShape.map((_, j) => j),
      "k",
    )}
  let base = ${keptOffset};`;
    const body = treeBody(r.kind, head, u32(reduceSize), `in0[base + ${redOffset}]`);
    return {
      label: r.label,
      code: shader(decls, body),
      reads: [r.input.src],
      writes: [r.write],
      frame: false,
      groups: [outSize, 1, 1],
    };
  }
  // Serial: nested loops, outermost reduced axis first, as the CPU visits them.
  const grid = grid1d(outSize);
  let loops = "";
  let close = "";
  let depth = "  ";
  const redAxes = [...r.axes].sort((a, b) => a - b);
  redAxes.forEach((ax, j) => {
    const prev = j === 0 ? "base" : `p${j - 1}`;
    loops += `${depth}for (var r${j} = 0u; r${j} < ${u32(inShape[ax])}; r${j} = r${j} + 1u) {\n`;
    depth += "  ";
    loops += `${depth}let p${j} = ${prev} + r${j} * ${u32(st[ax])};\n`;
    close = `${depth.slice(2)}}\n${close}`;
  });
  const last = `p${redAxes.length - 1}`;
  const body = `${ENTRY} {
  ${grid.prologue}
  ${coords(
    "i",
    keptShape,
    keptShape.map((_, j) => j),
    "k",
  )}
  let base = ${keptOffset};
  var acc = ${init(r.kind)};
${loops}${depth}acc = ${combine(r.kind, "acc", `in0[${last}]`)};
${close}  out[i] = acc;
}`;
  return {
    label: r.label,
    code: shader(decls, body),
    reads: [r.input.src],
    writes: [r.write],
    frame: false,
    groups: grid.groups,
  };
}

/**
 * The tree form's kernel: workgroup o reduces output element o. `head` sets `base`; each
 * invocation folds every WG-th j below `count` (reading `load`), then the workgroup halves
 * its partials in shared memory.
 */
function treeBody(kind: ReduceArgs["kind"], head: string, count: string, load: string): string {
  return `var<workgroup> part: array<f32, ${WG}>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let o = wid.x;
  ${head}
  var acc = ${init(kind)};
  for (var j = lid; j < ${count}; j = j + ${u32(WG)}) {
    acc = ${combine(kind, "acc", load)};
  }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${u32(WG / 2)}; s > 0u; s = s >> 1u) {
    if (lid < s) { part[lid] = ${combine(kind, "part[lid]", "part[lid + s]")}; }
    workgroupBarrier();
  }
  if (lid == 0u) { out[o] = part[0]; }
}`;
}

/**
 * The shape-generic forms (sizes, strides and offsets in the `dims` uniform, so reductions
 * equal but for their sizes share one pipeline), where at most one kept axis is longer than
 * 1: the output index is then that axis's coordinate, with no division. The tree form
 * also wants a single reduced axis. Same loops in the same order as the literal forms,
 * so the same sums, bit for bit. Undefined where the literal form is needed.
 */
function genericReduce(r: ReduceArgs, outSize: number, reduceSize: number): KernelSpec | undefined {
  const inShape = r.input.shape;
  const st = r.input.strides;
  const red = new Set(r.axes);
  const kept = inShape.map((_, ax) => ax).filter((ax) => !red.has(ax) && inShape[ax] !== 1);
  if (kept.length > 1) return undefined;
  const redAxes = [...r.axes].sort((a, b) => a - b);
  const dims: number[] = [];
  const d = (v: number) => dim(dims.push(v) - 1);
  const keptStride = kept.length ? st[kept[0]] : 0;
  const spec = (code: string, groups: [number, number, number]): KernelSpec => ({
    label: r.label,
    code,
    reads: [r.input.src],
    writes: [r.write],
    frame: false,
    dims,
    groups,
  });
  if (prefersTree(outSize, reduceSize)) {
    if (redAxes.length !== 1) return undefined;
    const head = `let n = ${d(reduceSize)};
  let stride = ${d(st[redAxes[0]])};
  let base = ${d(r.input.base)} + o * ${d(keptStride)};`;
    const body = treeBody(r.kind, head, "n", "in0[base + j * stride]");
    return spec(shader(bindings(1, { dims: 4 }), body), [outSize, 1, 1]);
  }
  const grid = grid1d(outSize);
  if (grid.groups[1] !== 1) return undefined;
  const head = `let i = gid.x;
  if (i >= ${d(outSize)}) { return; }
  let base = ${d(r.input.base)} + i * ${d(keptStride)};`;
  let loops = "";
  let close = "";
  let depth = "  ";
  redAxes.forEach((ax, j) => {
    const prev = j === 0 ? "base" : `p${j - 1}`;
    loops += `${depth}let n${j} = ${d(inShape[ax])};\n${depth}let s${j} = ${d(st[ax])};\n`;
    loops += `${depth}for (var r${j} = 0u; r${j} < n${j}; r${j} = r${j} + 1u) {\n`;
    depth += "  ";
    loops += `${depth}let p${j} = ${prev} + r${j} * s${j};\n`;
    close = `${depth.slice(2)}}\n${close}`;
  });
  const last = `p${redAxes.length - 1}`;
  const body = `${ENTRY} {
  ${head}
  var acc = ${init(r.kind)};
${loops}${depth}acc = ${combine(r.kind, "acc", `in0[${last}]`)};
${close}  out[i] = acc;
}`;
  return spec(shader(bindings(1, { dims: dims.length }), body), grid.groups);
}
