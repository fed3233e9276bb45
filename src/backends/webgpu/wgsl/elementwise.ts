// One kernel for a fused chain of elementwise ops over one output shape: each thread
// computes one output element, reading its leaves through strides (so broadcasts,
// transposes and slices of materialised values are read in place, never copied), and
// writes one or several of the chain's values (an optimiser's new parameter and slots).
// An unfused op is the one-expression case of the same generator.

import { numbersOf } from "../../../ir/packed";
import type { BinaryPrim, UnaryPrim } from "../../../ir/prims";
import { type Shape, size } from "../../../ir/shape";
import { type KernelSpec, kernelSpec } from "../kernel";
import type { KernelCache } from "../kernelCache";
import { HASH_START, mix, sameNumbers } from "../structHash";
import {
  bindings,
  coords,
  dim,
  ENTRY,
  f32,
  grid1d,
  MAX_GROUPS,
  offsetExpr,
  outName,
  stridesOf,
  u32,
  usedAxes,
  WG,
} from "./format";
import { binaryWgsl, unaryWgsl, whereWgsl } from "./ops";
import { shader } from "./shader";

export type EwExpr =
  /** in{input}[base + Σ c·strides]: `strides` are against the kernel's output shape. */
  | { kind: "load"; input: number; strides: number[]; base: number }
  /**
   * out{k}[i]: the value an output buffer holds before this kernel writes it. A variable
   * updated in place is read this way (WebGPU forbids binding one buffer as both read-only
   * and writable in a dispatch); each thread reads its own element before writing it.
   */
  | { kind: "loadOut"; out: number }
  | { kind: "lit"; value: number }
  /** A per-run scalar (hyperparameter, step count) from the frame uniform's slot. */
  | { kind: "scalar"; slot: number }
  /** rng.ts's stream for (seed, step, key), indexed by the output element. */
  | { kind: "random"; dist: "uniform" | "normal"; key: number }
  | { kind: "unary"; prim: UnaryPrim; args: [number] }
  | { kind: "binary"; prim: BinaryPrim; args: [number, number] }
  | { kind: "where"; args: [number, number, number] };

export interface EwGroup {
  shape: Shape;
  /** Topologically ordered; args index earlier entries. The last one is written out. */
  exprs: EwExpr[];
  /** IR value ids bound as in0, in1, … */
  reads: number[];
  /** Values written, in binding order (out, out1, …), each an entry of `exprs`. */
  writes: { value: number; expr: number }[];
  label: string;
}

/** A load expression; made only here, so loads share one object layout (see irNode). */
export function ewLoad(input: number, strides: number[], base: number): EwExpr {
  return { kind: "load", input, strides, base };
}

/** A group; made only here, so groups share one object layout (see irNode). */
export function ewGroup(
  shape: Shape,
  exprs: EwExpr[],
  reads: number[],
  writes: { value: number; expr: number }[],
  label: string,
): EwGroup {
  return { shape, exprs, reads, writes, label };
}

function isFlat(e: Extract<EwExpr, { kind: "load" }>, shape: Shape): boolean {
  const contiguous = stridesOf(shape);
  return e.base === 0 && e.strides.every((s, ax) => s === contiguous[ax] || shape[ax] === 1);
}

function loadExpr(e: Extract<EwExpr, { kind: "load" }>, shape: Shape): string {
  if (isFlat(e, shape)) return `in${e.input}[i]`;
  return `in${e.input}[${offsetExpr(e.strides, e.base)}]`;
}

type EwCode = Pick<KernelSpec, "code" | "frame" | "groups" | "dims">;

/**
 * How a kernel finds its element, and whether its sizes are literals or `dims`:
 * - "flat": every load reads element i of its input; only the element count is in dims.
 * - "rows": a [rows, cols] output (cols ≥ WG) on a 2-D grid, x along a row, y the row: the
 *   coordinates come without a division, and the strided loads' bases and strides are in
 *   dims too, so e.g. every layer's optimiser update over a transposed gradient is one text.
 * - "literal": anything else (more axes, narrow rows): sizes baked into the text.
 */
type EwLayout = "flat" | "rows" | "literal";

function layoutOf(g: EwGroup): EwLayout {
  const n = size(g.shape);
  const strided = g.exprs.some((e) => e.kind === "load" && !isFlat(e, g.shape));
  if (!strided) return grid1d(n).groups[1] === 1 ? "flat" : "literal";
  const [rows, cols] = g.shape;
  if (g.shape.length === 2 && cols >= WG && rows > 1 && rows <= MAX_GROUPS) return "rows";
  return "literal";
}

/**
 * Generated code by the group's structure (shape, expressions, binding counts): the text
 * does not depend on which values are bound or on the label, so the repeated blocks of a
 * graph, and a re-plan after an edit, reuse what was generated before.
 */
export function elementwiseKernel(g: EwGroup, cache: KernelCache, software = false): KernelSpec {
  const c = cache.memoStructure(structureHash(g), g, sameStructure, (): EwTexts => {
    const layout = layoutOf(g);
    return { literal: generate(g), generic: layout === "literal" ? undefined : generateGeneric(g, layout) };
  });
  // The software adapter's literal text, made once per structure when first asked for.
  // It compiles in ~1.4–2× the time of one element per thread (its body is inlined four
  // times), so a kernel without a shape-generic text starts on the one-element text.
  if (software && !c.software) c.software = generate(g, PER_THREAD_SOFTWARE);
  const literal = software && c.software ? c.software : c.literal;
  const quick = c.generic ?? (software ? c.literal : undefined);
  const writes = numbersOf(g.writes, (w) => w.value);
  const spec = (code: EwCode, quick?: KernelSpec): KernelSpec =>
    kernelSpec(
      g.label,
      code.code,
      g.reads,
      writes,
      code.frame,
      [code.groups[0], code.groups[1], code.groups[2]],
      code.dims,
      quick,
    );
  // The shape-generic text is the quick tier (software adapters start on it: fewer distinct
  // pipelines to compile before the first step); the literal one, some 10–70% faster on
  // SwiftShader for strided and big kernels, takes over once compiled.
  return spec(literal, quick && spec(quick));
}

// Everything the generated text depends on: the shape, how many values are read, which
// expressions are written, and the expressions (literals compared as f32, so -0 and 0
// differ and every NaN is one). Compared field by field rather than through a text key:
// building and hashing a string per kernel was a tenth of a 200-block re-plan.

const PRIM_CODES = new Map<string, number>();
const primCode = (p: string): number => {
  let c = PRIM_CODES.get(p);
  if (c === undefined) {
    c = PRIM_CODES.size + 1;
    PRIM_CODES.set(p, c);
  }
  return c;
};
const F32_BITS = new Float32Array(1);
const U32_BITS = new Uint32Array(F32_BITS.buffer);
const litBits = (v: number): number => {
  if (Number.isNaN(v)) return 0x7fc00000;
  F32_BITS[0] = v;
  return U32_BITS[0];
};
function structureHash(g: EwGroup): number {
  let h = mix(HASH_START, g.shape.length);
  for (const d of g.shape) h = mix(h, d);
  h = mix(h, g.reads.length);
  h = mix(h, g.writes.length);
  for (const w of g.writes) h = mix(h, w.expr);
  for (const e of g.exprs) {
    switch (e.kind) {
      case "load":
        h = mix(mix(mix(mix(h, 1), e.input), e.base), e.strides.length);
        for (const s of e.strides) h = mix(h, s);
        break;
      case "loadOut":
        h = mix(mix(h, 2), e.out);
        break;
      case "lit":
        h = mix(mix(h, 3), litBits(e.value));
        break;
      case "scalar":
        h = mix(mix(h, 4), e.slot);
        break;
      case "random":
        h = mix(mix(mix(h, 5), e.dist === "normal" ? 1 : 0), e.key | 0);
        break;
      case "unary":
      case "binary":
        h = mix(mix(h, e.kind === "unary" ? 6 : 7), primCode(e.prim));
        for (const a of e.args) h = mix(h, a);
        break;
      case "where":
        h = mix(mix(mix(mix(h, 8), e.args[0]), e.args[1]), e.args[2]);
        break;
    }
  }
  return h;
}

function sameExpr(a: EwExpr, b: EwExpr): boolean {
  switch (a.kind) {
    case "load":
      return (
        b.kind === "load" && a.input === b.input && a.base === b.base && sameNumbers(a.strides, b.strides)
      );
    case "loadOut":
      return b.kind === "loadOut" && a.out === b.out;
    case "lit":
      return b.kind === "lit" && Object.is(Math.fround(a.value), Math.fround(b.value));
    case "scalar":
      return b.kind === "scalar" && a.slot === b.slot;
    case "random":
      return b.kind === "random" && a.dist === b.dist && a.key === b.key;
    case "unary":
    case "binary":
      return b.kind === a.kind && a.prim === b.prim && sameNumbers(a.args, b.args);
    case "where":
      return b.kind === "where" && sameNumbers(a.args, b.args);
  }
}

/** Whether two groups generate the same text (whatever values they bind, whatever their labels). */
export function sameStructure(a: EwGroup, b: EwGroup): boolean {
  if (a === b) return true;
  if (!sameNumbers(a.shape, b.shape) || a.reads.length !== b.reads.length) return false;
  if (a.writes.length !== b.writes.length || a.exprs.length !== b.exprs.length) return false;
  for (let i = 0; i < a.writes.length; i++) if (a.writes[i].expr !== b.writes[i].expr) return false;
  for (let i = 0; i < a.exprs.length; i++) if (!sameExpr(a.exprs[i], b.exprs[i])) return false;
  return true;
}

interface EwTexts {
  literal: EwCode;
  generic: EwCode | undefined;
  /** The literal text with PER_THREAD_SOFTWARE elements per thread (generated on demand). */
  software?: EwCode;
}

/**
 * Elements each thread computes on a software adapter: SwiftShader pays per invocation, and
 * four elements per thread (straight-line calls of the one-element body, one bounds check)
 * ran workload 2's ReLU-gradient kernel (256,000 elements) in 2.0–2.2 ms against 4.1–6.3 ms
 * for one per thread, as fast as vec4 loads and vec4 arithmetic (2.0–2.5 ms); eight per
 * thread in a loop took 3.2–3.7 ms and a bounds check per element 3.3–4.8 ms (Node,
 * SwiftShader). A GPU keeps one element per thread: neighbouring threads then read
 * neighbouring words.
 */
const PER_THREAD_SOFTWARE = 4;

/** The literal text: sizes baked in, `perThread` consecutive elements per thread. */
function generate(g: EwGroup, perThread = 1): EwCode {
  const n = size(g.shape);
  const axes = new Set<number>();
  for (const e of g.exprs) {
    if (e.kind === "load" && !isFlat(e, g.shape)) for (const ax of usedAxes(e.strides)) axes.add(ax);
  }
  const lines = exprLines(g, (e) => loadExpr(e, g.shape));
  if (perThread === 1) {
    const grid = grid1d(n);
    const prologue = `${grid.prologue}\n  ${coords("i", g.shape, axes)}`;
    return { ...kernelText(g, prologue, lines), groups: grid.groups };
  }
  // The one-element body becomes `elem(i)`; a thread calls it for its elements in a row.
  const grid = grid1d(Math.ceil(n / perThread));
  const first = `i * ${u32(perThread)}`;
  const calls = Array.from({ length: perThread }, (_, r) => `elem(${r ? `e + ${u32(r)}` : "e"});`).join(" ");
  const tail = n % perThread ? ` else { for (var j = e; j < ${u32(n)}; j++) { elem(j); } }` : "";
  const run = n % perThread ? `if (e + ${u32(perThread - 1)} < ${u32(n)}) { ${calls} }${tail}` : calls;
  return {
    ...kernelText(
      g,
      `${grid.prologue}\n  let e = ${first};\n  ${run}`,
      lines,
      undefined,
      coords("i", g.shape, axes),
    ),
    groups: grid.groups,
  };
}

/**
 * The kernel around a group's expression lines: `prologue` sets the element index `i` (and
 * whatever coordinates the loads use), then the random streams' bases, the lines, the stores.
 * With `dims`, the sizes the lines read from the dims uniform are bound too.
 */
function kernelText(
  g: EwGroup,
  prologue: string,
  { lines, keys, slots }: ReturnType<typeof exprLines>,
  dims?: number,
  /** Put the element's work in `fn elem(i: u32)`, starting with these coordinates; `prologue` calls it. */
  elemCoords?: string,
): Pick<EwCode, "code" | "frame"> {
  const bases = [...keys].map((k) => `let base${k} = stream_base(frame.seed, frame.step, ${u32(k)});`);
  const work = `${bases.join("\n  ")}
  ${lines.join("\n  ")}
  ${g.writes.map((w, k) => `${outName(k)}[i] = t${w.expr};`).join("\n  ")}`;
  const body =
    elemCoords === undefined
      ? `${ENTRY} {
  ${prologue}
  ${work}
}`
      : `fn elem(i: u32) {
  ${elemCoords}
  ${work}
}
${ENTRY} {
  ${prologue}
}`;
  const frame = keys.size > 0 || slots > 0;
  const decls = bindings(g.reads.length, { frame: frame ? slots : undefined, writes: g.writes.length, dims });
  return { code: shader(decls, body), frame };
}

/** A flat or rows-layout kernel: the same text for every size (layoutOf). */
function generateGeneric(g: EwGroup, layout: "flat" | "rows"): EwCode {
  const dims: number[] = [];
  const d = (v: number) => dim(dims.push(v) - 1);
  let prologue: string;
  let groups: [number, number, number];
  if (layout === "flat") {
    const n = size(g.shape);
    prologue = `let i = gid.x;\n  if (i >= ${d(n)}) { return; }`;
    groups = grid1d(n).groups;
  } else {
    const [rows, cols] = g.shape;
    prologue = `let c0 = gid.y;\n  let c1 = gid.x;\n  let cols = ${d(cols)};\n  if (c1 >= cols) { return; }\n  let i = c0 * cols + c1;`;
    groups = [Math.ceil(cols / WG), rows, 1];
  }
  const lines = exprLines(g, (e) => {
    if (isFlat(e, g.shape)) return `in${e.input}[i]`;
    // Only the rows layout has strided loads; a zero stride (a broadcast axis) stays out.
    const terms = e.strides.flatMap((s, ax) => (s === 0 ? [] : [`c${ax} * ${d(s)}`]));
    if (e.base) terms.unshift(d(e.base));
    return `in${e.input}[${terms.length ? terms.join(" + ") : "0u"}]`;
  });
  return { ...kernelText(g, prologue, lines, dims.length), groups, dims };
}

/** `let t{k} = …;` for each expression, loads written by `load`; the RNG keys and frame slots read. */
function exprLines(
  g: EwGroup,
  load: (e: Extract<EwExpr, { kind: "load" }>) => string,
): { lines: string[]; keys: Set<number>; slots: number } {
  const lines: string[] = [];
  const keys = new Set<number>();
  let slots = 0;
  g.exprs.forEach((e, k) => {
    const a = (j: number) => `t${(e as { args: number[] }).args[j]}`;
    let v: string;
    switch (e.kind) {
      case "load":
        v = load(e);
        break;
      case "loadOut":
        v = `${outName(e.out)}[i]`;
        break;
      case "lit":
        v = f32(e.value);
        break;
      case "scalar":
        slots = Math.max(slots, e.slot + 1);
        v = `frame.s[${e.slot >> 2}].${"xyzw"[e.slot & 3]}`;
        break;
      case "random":
        keys.add(e.key);
        v = `${e.dist === "uniform" ? "uniform_at" : "normal_at"}(base${e.key}, i)`;
        break;
      case "unary":
        v = unaryWgsl[e.prim](a(0));
        break;
      case "binary":
        v = binaryWgsl[e.prim](a(0), a(1));
        break;
      case "where":
        v = whereWgsl(a(0), a(1), a(2));
        break;
    }
    lines.push(`let t${k} = ${v};`);
  });
  return { lines, keys, slots };
}
