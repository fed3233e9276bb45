// The execution plan of a program on the GPU: which kernels run in which order, which
// value lives in which buffer. Program order is already topological; the planner drops
// what the outputs do not need, fuses (fuse.ts), lowers each remaining op to kernels
// (kernels.ts), and then packs the transient values into as few buffers as their
// lifetimes allow: a buffer is reused as soon as the last reader of its value has run.

import type { IRNode, PrimAttrs } from "../../ir/prims";
import { type Shape, size } from "../../ir/shape";
import { eliminateCommonSubexpressions } from "./cse";
import { ALIAS_PRIMS, decideFusion, isFrameScalar, isGroupRoot } from "./fuse";
import { buildGroup } from "./group";
import type { KernelSpec } from "./kernel";
import { type LowerCtx, lowerNode } from "./kernels";
import { applyView, contiguous, VIEW_PRIMS, type View } from "./views";
import { type EwExpr, type EwGroup, elementwiseKernel } from "./wgsl/elementwise";
import { stridesOf } from "./wgsl/format";

export interface PlanOptions {
  /** Fuse elementwise chains and read views in place (default true). */
  fuse?: boolean;
  /** Storage buffers one kernel may read (the adapter's limit minus the output). */
  maxInputs?: number;
  /** A software adapter (SwiftShader): register-tiled matmul without barriers wins there. */
  software?: boolean;
  /**
   * Values that must end in a transient buffer of their own even when they are a variable
   * or an alias of one (a copy kernel is added): variable updates read back from them are
   * then independent of the order the updates are written in.
   */
  detach?: number[];
  /**
   * Variable name → the value that replaces it after the step. Where the kernel computing
   * the new value is the last to read the old one (elementwise, same element), it writes
   * the variable's buffer directly and no copy is needed.
   */
  updates?: Map<string, number>;
}

export type StorageKind = "variable" | "input" | "const" | "transient";

export interface Storage {
  /** The value id that owns the storage (aliases point at their input's). */
  value: number;
  kind: StorageKind;
  /** Variables: the variable's name (also for a new value written into it in place). */
  name?: string;
  bytes: number;
  /** Transient storages: index into `buffers`. */
  buffer: number;
}

export interface PlanStats {
  kernels: number;
  /** IR ops the kernels compute (fused ops count once each). */
  ops: number;
  /** Bytes of the transient buffers after liveness-based reuse. */
  plannedBytes: number;
  /** Bytes if every computed value had a buffer of its own. */
  naiveBytes: number;
  /** Variables, inputs and constants: the same under both plans. */
  persistentBytes: number;
}

export interface BufferPlan {
  nodes: readonly IRNode[];
  /** Scalar inputs by name → their slot in the frame uniform. */
  frameSlots: Map<string, number>;
  kernels: KernelSpec[];
  storages: Map<number, Storage>;
  /** Byte size of each physical transient buffer. */
  buffers: number[];
  /** The storage a value is read from after the step (its owner, or its detached copy). */
  resultOf(value: number): number;
  stats: PlanStats;
}

const F32 = 4;
/** Every buffer is at least this big and a multiple of it, so vec4 reads stay in bounds. */
const MIN_BYTES = 16;
const roundUp = (b: number) => Math.max(MIN_BYTES, Math.ceil(b / MIN_BYTES) * MIN_BYTES);

export function planProgram(
  original: readonly IRNode[],
  requested: number[],
  opts: PlanOptions = {},
): BufferPlan {
  const fuse = opts.fuse ?? true;
  const maxInputs = opts.maxInputs ?? 7;
  const { nodes, canon } = fuse
    ? eliminateCommonSubexpressions(original)
    : { nodes: original, canon: Int32Array.from(original, (n) => n.id) };
  const outputs = [...new Set(requested.map((o) => canon[o]))];
  const count = nodes.length;
  const needed = new Uint8Array(count);
  for (const o of outputs) needed[o] = 1;
  for (let id = count - 1; id >= 0; id--) if (needed[id]) for (const i of nodes[id].inputs) needed[i] = 1;
  const consumers: number[][] = nodes.map(() => []);
  for (let id = 0; id < count; id++) if (needed[id]) for (const i of nodes[id].inputs) consumers[i].push(id);
  const outSet = new Set(outputs);
  const detach = [...new Set((opts.detach ?? []).map((d) => canon[d]))];
  for (const d of detach) outSet.add(d);
  const dec = decideFusion(nodes, needed, consumers, outSet, { fuse, maxInputs });

  const owner = new Int32Array(count);
  for (let id = 0; id < count; id++)
    owner[id] = ALIAS_PRIMS.has(nodes[id].prim) ? owner[nodes[id].inputs[0]] : id;
  const views = new Map<number, View>();
  const view = (id: number): View => {
    let v = views.get(id);
    if (!v) {
      v = dec.virtual[id]
        ? applyView(nodes[id], view(nodes[id].inputs[0]))
        : contiguous(owner[id], nodes[id].shape);
      views.set(id, v);
    }
    return v;
  };
  // Scalar inputs live in the frame uniform (slots in program order), read from there by
  // elementwise kernels: a step's hyperparameters cost one small upload and no bindings.
  const frameSlots = new Map<string, number>();
  for (let id = 0; id < count; id++) {
    if (!needed[id] || !isFrameScalar(nodes[id])) continue;
    const name = (nodes[id].attrs as PrimAttrs["input"]).name;
    if (!frameSlots.has(name)) frameSlots.set(name, frameSlots.size);
  }
  const frameSlot = (id: number) => frameSlots.get((nodes[id].attrs as PrimAttrs["input"]).name)!;
  const groups = new Map<KernelSpec, EwGroup>();
  // Synthetic ids past the program's: kernels' scratch values, then detached copies.
  let nextId = count;
  const scratch = new Map<number, Shape>();
  const ctx: LowerCtx = {
    shape: (id) => nodes[id].shape,
    view,
    buf: (id) => {
      if (dec.virtual[owner[id]])
        throw new Error(`planner: %${id} is read contiguously but was left virtual`);
      return owner[id];
    },
    elementwise: (n) => {
      const g = buildGroup(
        n,
        { nodes, view, frameSlot, inGroup: (id) => !!dec.groupsOf[id]?.has(n.id) },
        VIEW_PRIMS.has(n.prim) ? applyView(n, view(n.inputs[0])) : undefined,
        dec.writes.get(n.id),
      );
      const spec = elementwiseKernel(g);
      groups.set(spec, g);
      return spec;
    },
    maxInputs,
    software: opts.software,
    scratch: (shape) => {
      scratch.set(nextId, shape);
      return nextId++;
    },
  };

  const kernels: KernelSpec[] = [];
  for (let id = 0; id < count; id++) {
    if (!needed[id] || !dec.materialized[id]) continue;
    // Values written by a group merged into a later one are emitted with that group.
    if (dec.groupsOf[id] && !isGroupRoot(dec, id)) continue;
    const low = lowerNode(nodes[id], ctx);
    if (low.kind === "kernels") kernels.push(...low.specs);
  }
  let ops = 0;
  for (let id = 0; id < count; id++) {
    const p = nodes[id].prim;
    if (needed[id] && p !== "const" && p !== "input" && p !== "variable" && !ALIAS_PRIMS.has(p)) ops++;
  }

  // Detached values: a copy into a fresh transient storage named by a synthetic id.
  const detached = new Map<number, number>();
  for (const d of detach) {
    const copy = nextId++;
    detached.set(d, copy);
    kernels.push(
      elementwiseKernel({
        shape: nodes[d].shape,
        exprs: [{ kind: "load", input: 0, strides: contiguous(0, nodes[d].shape).strides, base: 0 }],
        reads: [owner[d]],
        writes: [{ value: copy, expr: 0 }],
        label: `%${d} detached copy`,
      }),
    );
  }
  const resultOf = (v: number) => detached.get(canon[v]) ?? owner[canon[v]];
  const inPlace = fuse
    ? writeUpdatesInPlace(nodes, kernels, groups, opts.updates, canon, detached, outputs)
    : new Map();

  // Storages and their lifetimes in kernel steps.
  const storages = new Map<number, Storage>();
  const kindOf = (v: number): StorageKind => {
    if (v >= count) return "transient";
    if (inPlace.has(v)) return "variable";
    const p = nodes[v].prim;
    return p === "variable" || p === "input" || p === "const" ? p : "transient";
  };
  const bytesOf = (v: number) =>
    F32 * size(scratch.get(v) ?? nodes[v < count ? v : [...detached].find(([, c]) => c === v)![0]].shape);
  const touch = (v: number) => {
    if (storages.has(v)) return;
    const kind = kindOf(v);
    const name =
      kind === "variable" ? (inPlace.get(v) ?? (nodes[v].attrs as { name: string }).name) : undefined;
    storages.set(v, { value: v, kind, name, bytes: bytesOf(v), buffer: -1 });
  };
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  kernels.forEach((k, step) => {
    for (const r of k.reads) {
      touch(r);
      last.set(r, step);
    }
    for (const w of k.writes) {
      touch(w);
      if (!first.has(w)) first.set(w, step);
      last.set(w, Math.max(last.get(w) ?? step, step));
    }
  });
  for (const o of outputs) {
    touch(resultOf(o));
    last.set(resultOf(o), Number.POSITIVE_INFINITY);
  }

  // Greedy assignment in program order: best fit among free buffers, else grow the largest
  // free one (never costs more than a new buffer), else a new buffer.
  const buffers: number[] = [];
  const free: number[] = [];
  const frees = new Map<number, number[]>();
  for (const [v, step] of last) {
    if (storages.get(v)!.kind !== "transient" || !Number.isFinite(step)) continue;
    if (!frees.has(step)) frees.set(step, []);
    frees.get(step)!.push(v);
  }
  kernels.forEach((k, step) => {
    for (const w of k.writes) {
      const s = storages.get(w)!;
      if (s.kind !== "transient" || first.get(w) !== step) continue;
      const need = roundUp(s.bytes);
      let best = -1;
      for (const b of free) if (buffers[b] >= need && (best < 0 || buffers[b] < buffers[best])) best = b;
      if (best < 0 && free.length) best = free.reduce((p, b) => (buffers[b] > buffers[p] ? b : p), free[0]);
      if (best >= 0) {
        free.splice(free.indexOf(best), 1);
        buffers[best] = Math.max(buffers[best], need);
      } else {
        best = buffers.push(need) - 1;
      }
      s.buffer = best;
    }
    for (const v of frees.get(step) ?? []) free.push(storages.get(v)!.buffer);
  });

  // One buffer per value of the program as written (before CSE and fusion).
  let naiveBytes = 0;
  const used = new Uint8Array(original.length);
  for (const o of requested) used[o] = 1;
  for (let id = original.length - 1; id >= 0; id--) {
    if (!used[id]) continue;
    for (const i of original[id].inputs) used[i] = 1;
    const p = original[id].prim;
    if (p === "const" || p === "input" || p === "variable" || ALIAS_PRIMS.has(p)) continue;
    naiveBytes += roundUp(F32 * size(original[id].shape));
  }
  // Variables once per name (an in-place update shares its variable's buffer).
  let persistentBytes = 0;
  const counted = new Set<string>();
  for (const s of storages.values()) {
    if (s.kind === "transient") continue;
    const key = s.kind === "variable" ? `var:${s.name}` : `%${s.value}`;
    if (counted.has(key)) continue;
    counted.add(key);
    persistentBytes += roundUp(s.bytes);
  }
  return {
    nodes: original,
    frameSlots,
    kernels,
    storages,
    buffers,
    resultOf,
    stats: {
      kernels: kernels.length,
      ops,
      plannedBytes: buffers.reduce((p, b) => p + b, 0),
      naiveBytes,
      persistentBytes,
    },
  };
}

/** A readable dump of the plan (WIREGRAD_DEBUG_GPU=1 prints it, with the WGSL at =2). */
export function describePlan(p: BufferPlan, withWgsl = false): string {
  const name = (v: number) => {
    const s = p.storages.get(v);
    if (s?.kind === "transient") return `%${v}@buf${s.buffer}`;
    return `%${v}(${s?.kind ?? "?"}${s?.name && s.value !== v ? "" : ""}${s?.kind === "variable" ? ` ${s.name}` : ""})`;
  };
  const lines = p.kernels.map(
    (k, i) =>
      `${String(i).padStart(4)}  ${k.writes.map(name).join(", ")} ← [${k.reads.map(name).join(", ")}]  ${k.label}  groups ${k.groups.join("×")}${withWgsl ? `\n${k.code}` : ""}`,
  );
  const s = p.stats;
  lines.push(
    `${s.kernels} kernels for ${s.ops} ops; transient ${s.plannedBytes} B in ${p.buffers.length} buffers (one per value: ${s.naiveBytes} B); persistent ${s.persistentBytes} B`,
  );
  return lines.join("\n");
}

/**
 * Where a variable's new value comes from an elementwise kernel that is the last reader of
 * the old value, and reads it (if at all) element for element, that kernel writes the new
 * value straight into the variable's buffer, reading the old one from it first. Returns the
 * values now stored in variables, by variable name.
 */
function writeUpdatesInPlace(
  nodes: readonly IRNode[],
  kernels: KernelSpec[],
  groups: Map<KernelSpec, EwGroup>,
  updates: Map<string, number> | undefined,
  canon: Int32Array,
  detached: Map<number, number>,
  outputs: number[],
): Map<number, string> {
  const out = new Map<number, string>();
  if (!updates) return out;
  const varIds = new Map<string, number[]>();
  for (const n of nodes) {
    if (n.prim !== "variable") continue;
    const name = (n.attrs as PrimAttrs["variable"]).name;
    const ids = varIds.get(name);
    if (ids) ids.push(n.id);
    else varIds.set(name, [n.id]);
  }
  // The first kernel writing each value and the last reading it. Rebinding a kernel below
  // drops only its own variable's reads, which no other update looks at.
  const writer = new Map<number, number>();
  const lastReader = new Map<number, number>();
  kernels.forEach((spec, i) => {
    for (const w of spec.writes) if (!writer.has(w)) writer.set(w, i);
    for (const r of spec.reads) lastReader.set(r, i);
  });
  const outSet = new Set(outputs);
  for (const [name, raw] of updates) {
    const u = canon[raw];
    const oldIds = varIds.get(name) ?? [];
    const olds = new Set(oldIds);
    if (detached.has(u) || olds.has(u) || oldIds.some((o) => outSet.has(o))) continue;
    const k = writer.get(u) ?? -1;
    const g = k >= 0 ? groups.get(kernels[k]) : undefined;
    if (!g) continue;
    if (oldIds.some((o) => (lastReader.get(o) ?? -1) > k)) continue;
    const slot = g.writes.findIndex((w) => w.value === u);
    const contiguous = stridesOf(g.shape);
    const oldLoads = g.exprs.filter((e) => e.kind === "load" && olds.has(g.reads[e.input]));
    const elementwise = oldLoads.every(
      (e) =>
        e.kind === "load" &&
        e.base === 0 &&
        e.strides.every((s, ax) => s === contiguous[ax] || g.shape[ax] === 1) &&
        nodes[g.reads[e.input]].shape.reduce((p, d) => p * d, 1) === g.shape.reduce((p, d) => p * d, 1),
    );
    if (!elementwise) continue;
    // Rebind: loads of the old value read the output buffer; the other inputs close ranks.
    const keep = g.reads.filter((r) => !olds.has(r));
    const exprs: EwExpr[] = g.exprs.map((e) => {
      if (e.kind !== "load") return e;
      if (olds.has(g.reads[e.input])) return { kind: "loadOut", out: slot };
      return { ...e, input: keep.indexOf(g.reads[e.input]) };
    });
    const next: EwGroup = { ...g, exprs, reads: keep, label: `${g.label} (${name} in place)` };
    const spec = elementwiseKernel(next);
    groups.delete(kernels[k]);
    groups.set(spec, next);
    kernels[k] = spec;
    out.set(u, name);
  }
  return out;
}
