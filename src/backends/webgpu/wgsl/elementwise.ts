// One kernel for a fused chain of elementwise ops over one output shape: each thread
// computes one output element, reading its leaves through strides (so broadcasts,
// transposes and slices of materialised values are read in place, never copied), and
// writes one or several of the chain's values (an optimiser's new parameter and slots).
// An unfused op is the one-expression case of the same generator.

import type { BinaryPrim, UnaryPrim } from "../../../ir/prims";
import { type Shape, size } from "../../../ir/shape";
import type { KernelSpec } from "../kernel";
import type { KernelCache } from "../kernelCache";
import {
  bindings,
  coords,
  ENTRY,
  f32,
  grid1d,
  offsetExpr,
  outName,
  stridesOf,
  u32,
  usedAxes,
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

function loadExpr(e: Extract<EwExpr, { kind: "load" }>, shape: Shape): string {
  const contiguous = stridesOf(shape);
  const flat = e.base === 0 && e.strides.every((s, ax) => s === contiguous[ax] || shape[ax] === 1);
  if (flat) return `in${e.input}[i]`;
  return `in${e.input}[${offsetExpr(e.strides, e.base)}]`;
}

type EwCode = Pick<KernelSpec, "code" | "frame" | "groups">;

/**
 * Generated code by the group's structure (shape, expressions, binding counts): the text
 * does not depend on which values are bound or on the label, so the repeated blocks of a
 * graph, and a re-plan after an edit, reuse what was generated before.
 */
export function elementwiseKernel(g: EwGroup, cache: KernelCache): KernelSpec {
  const c = cache.memo(structureKey(g), () => generate(g));
  return {
    label: g.label,
    code: c.code,
    reads: g.reads,
    writes: g.writes.map((w) => w.value),
    frame: c.frame,
    groups: [c.groups[0], c.groups[1], c.groups[2]],
  };
}

/** Everything the generated text depends on (literals as their WGSL text: -0, NaN, ±∞ differ). */
function structureKey(g: EwGroup): string {
  let key = `ew|${g.shape.join(",")}|${g.reads.length}|`;
  for (const w of g.writes) key += `${w.expr},`;
  for (const e of g.exprs) {
    switch (e.kind) {
      case "load":
        key += `|l${e.input}:${e.base}:${e.strides.join(",")}`;
        break;
      case "loadOut":
        key += `|o${e.out}`;
        break;
      case "lit":
        key += `|c${f32(e.value)}`;
        break;
      case "scalar":
        key += `|s${e.slot}`;
        break;
      case "random":
        key += `|r${e.dist}:${e.key}`;
        break;
      case "unary":
      case "binary":
      case "where":
        key += `|${e.kind}:${"prim" in e ? e.prim : ""}:${e.args.join(",")}`;
        break;
    }
  }
  return key;
}

function generate(g: EwGroup): EwCode {
  const n = size(g.shape);
  const grid = grid1d(n);
  const axes = new Set<number>();
  for (const e of g.exprs) {
    if (e.kind !== "load") continue;
    const contiguous = stridesOf(g.shape);
    const flat = e.base === 0 && e.strides.every((s, ax) => s === contiguous[ax] || g.shape[ax] === 1);
    if (!flat) for (const ax of usedAxes(e.strides)) axes.add(ax);
  }
  const lines: string[] = [];
  const keys = new Set<number>();
  let slots = 0;
  g.exprs.forEach((e, k) => {
    const a = (j: number) => `t${(e as { args: number[] }).args[j]}`;
    let v: string;
    switch (e.kind) {
      case "load":
        v = loadExpr(e, g.shape);
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
  const bases = [...keys].map((k) => `let base${k} = stream_base(frame.seed, frame.step, ${u32(k)});`);
  const body = `${ENTRY} {
  ${grid.prologue}
  ${coords("i", g.shape, axes)}
  ${bases.join("\n  ")}
  ${lines.join("\n  ")}
  ${g.writes.map((w, k) => `${outName(k)}[i] = t${w.expr};`).join("\n  ")}
}`;
  const frame = keys.size > 0 || slots > 0;
  return {
    code: shader(
      bindings(g.reads.length, { frame: frame ? slots : undefined, writes: g.writes.length }),
      body,
    ),
    frame,
    groups: grid.groups,
  };
}
