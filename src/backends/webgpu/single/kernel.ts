// The whole program as one dispatch of one invocation: every op of the step (forward,
// backward, optimiser update, loss) runs in program order, so there are no barriers at
// all. On SwiftShader a dispatch costs ~0.14 ms and a workgroupBarrier ~75 µs, while a
// tiny MLP's whole step is ~10⁵ flops: one invocation doing everything beats 40 dispatches
// or a barrier between ops. The ops are records of a table (table.ts) walked by a fixed
// interpreter kernel (interp.ts).
//
// The kernel first copies the fed inputs, the frame's scalars and the bound variables into
// the heap, and at the end copies the outputs and the variables' new values out. Every
// update reads the heap (never a variable's buffer), so the order of the updates cannot
// matter; a new value that is itself a variable region is first copied aside.

import type { IRNode, PrimAttrs } from "../../../ir/prims";
import { size } from "../../../ir/shape";
import { eliminateCommonSubexpressions } from "../cse";
import type { KernelSpec } from "../kernel";
import { frameDecl } from "../wgsl/format";
import { shader } from "../wgsl/shader";
import { interpreterBody, SCALAR_BINDING } from "./interp";
import { layoutProgram, type SingleLayout } from "./layout";
import { copyRecord, OP, REC, tableOps } from "./table";

export interface SingleKernel {
  spec: KernelSpec;
  layout: SingleLayout;
  /** The op table, bound read-only at binding 0. */
  table: Uint32Array<ArrayBuffer>;
  /** The outputs (ids as given), each written to a buffer of its own (`o{j}`). */
  results: number[];
  /** Variables copied by the encoder, written back after the dispatch. */
  writeBack: string[];
  /** Fed inputs bound to the kernel (the first ones); the rest are copied by the encoder. */
  boundInputs: number;
  /** Outputs bound to the kernel (the first ones); the rest are copied from the heap. */
  boundOutputs: number;
  /** Each output's heap region. */
  resultOffsets: number[];
  ops: number;
}

export function unsupportedPrims(nodes: readonly IRNode[]): string[] {
  return [...new Set(nodes.filter((n) => !tableOps[n.prim]).map((n) => n.prim))];
}

export function singleKernel(
  original: readonly IRNode[],
  outputs: number[],
  updates: Map<string, number>,
  /** The adapter's storage buffers per shader stage. */
  maxStorage: number,
): SingleKernel {
  const { nodes, canon } = eliminateCommonSubexpressions(original);
  const wanted = [...new Set([...outputs, ...updates.values()].map((o) => canon[o]))];
  const needed = new Uint8Array(nodes.length);
  for (const o of wanted) needed[o] = 1;
  for (let id = nodes.length - 1; id >= 0; id--)
    if (needed[id]) for (const i of nodes[id].inputs) needed[i] = 1;
  const results = [...new Set(outputs)];
  // Bindings: table, heap and the outputs, then fed inputs and as many variables as fit.
  // Outputs, inputs and variables past the bindings are copied by the encoder instead.
  const outs = Math.min(results.length, maxStorage - 2);
  const layout = layoutProgram(nodes, needed, maxStorage - 2 - outs);
  const ins = Math.min(layout.inputs.size, maxStorage - 2 - outs);
  const ctx = { loc: (id: number) => layout.locs.get(id)!, shape: (id: number) => nodes[id].shape };
  const records: Uint32Array[] = [];
  let ops = 0;
  for (const n of nodes) {
    if (!needed[n.id]) continue;
    const enc = tableOps[n.prim];
    if (!enc) throw new Error(`the single-kernel path has no code for ${n.prim}`);
    const recs = enc(n, ctx);
    records.push(...recs);
    if (recs.length) ops++;
  }
  const copyIn: number[][] = [];
  [...layout.inputs.values()].slice(0, ins).forEach((r, k) => {
    copyIn.push([k, r.off, r.length]);
  });
  for (const s of layout.scalars.values()) copyIn.push([SCALAR_BINDING + s.slot, s.off, 1]);
  layout.bound.forEach((name, k) => {
    const r = layout.varLoc.get(name)!;
    copyIn.push([ins + k, r.off, r.length]);
  });
  const isVarRegion = (off: number) =>
    [...layout.varLoc.values()].some((r) => off >= r.off && off < r.off + r.length);
  const copyOut: number[][] = [];
  // An output that is a variable's old value is copied aside before the updates land.
  const resultOffsets = results.map((o) => {
    const off = ctx.loc(canon[o]).off;
    if (!updates.size || !isVarRegion(off)) return off;
    const len = size(nodes[canon[o]].shape);
    const tmp = layout.alloc(len);
    records.push(copyRecord(tmp, off, len));
    return tmp;
  });
  results.slice(0, outs).forEach((o, j) => {
    copyOut.push([resultOffsets[j], j, size(nodes[canon[o]].shape)]);
  });
  // Phase 1: every new value's heap region (values living in a variable region copied
  // aside); phase 2: the writes. No write can then clobber another update's source.
  const sources: [string, number, number][] = [];
  for (const [name, raw] of updates) {
    const v = canon[raw];
    if (!layout.varLoc.has(name)) throw new Error(`update of "${name}", which the program never reads`);
    if (nodes[v].prim === "variable" && (nodes[v].attrs as PrimAttrs["variable"]).name === name) continue;
    let src = ctx.loc(v).off;
    const len = size(nodes[v].shape);
    if (isVarRegion(src)) {
      const tmp = layout.alloc(len);
      records.push(copyRecord(tmp, src, len));
      src = tmp;
    }
    sources.push([name, src, len]);
  }
  const writeBack: string[] = [];
  for (const [name, src, len] of sources) {
    const k = layout.bound.indexOf(name);
    if (k >= 0) {
      copyOut.push([src, outs + k, len]);
    } else {
      // Encoder-copied variables: the new value goes to the variable's heap region (after
      // every op, so no reader sees it), and from there to its buffer after the dispatch.
      records.push(copyRecord(layout.varLoc.get(name)!.off, src, len));
      writeBack.push(name);
    }
  }
  // The update records above run after every op: they are appended after them.
  const HEADER = 8;
  const opsStart = HEADER;
  const inStart = opsStart + REC * records.length;
  const outStart = inStart + 3 * copyIn.length;
  const table = new Uint32Array(outStart + 3 * copyOut.length);
  table.set([records.length, copyIn.length, copyOut.length, 0, 0, opsStart, inStart, outStart]);
  records.forEach((r, q) => {
    table.set(r, opsStart + REC * q);
  });
  copyIn.forEach((c, q) => {
    table.set(c, inStart + 3 * q);
  });
  copyOut.forEach((c, q) => {
    table.set(c, outStart + 3 * q);
  });

  const sig = {
    inputs: ins,
    outputs: outs,
    vars: layout.bound.length,
    scalars: layout.scalars.size,
    ops: new Set(records.map((r) => r[0])),
    subs: new Set(records.filter((r) => r[0] === OP.ew).map((r) => r[1])),
  };
  const reads = ["tab", ...Array.from({ length: ins }, (_, k) => `in${k}`)];
  const writes = [
    "heap",
    ...Array.from({ length: outs }, (_, j) => `o${j}`),
    ...layout.bound.map((_, k) => `v${k}`),
  ];
  const decls = [
    `@group(0) @binding(0) var<storage, read> tab: array<u32>;`,
    ...reads.slice(1).map((r, k) => `@group(0) @binding(${k + 1}) var<storage, read> ${r}: array<f32>;`),
    ...writes.map(
      (w, k) => `@group(0) @binding(${reads.length + k}) var<storage, read_write> ${w}: array<f32>;`,
    ),
    frameDecl(layout.scalars.size, reads.length + writes.length),
  ].join("\n");
  return {
    spec: {
      label: `whole program (${ops} ops, one invocation)`,
      code: shader(decls, interpreterBody(sig)),
      reads: reads.map((_, k) => -1 - k),
      writes: writes.map((_, k) => -100 - k),
      frame: true,
      groups: [1, 1, 1],
    },
    layout,
    table,
    results,
    writeBack,
    boundInputs: ins,
    boundOutputs: outs,
    resultOffsets,
    ops,
  };
}
