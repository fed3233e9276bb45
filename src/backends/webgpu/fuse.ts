// Which values get a buffer, and which are computed inside another kernel.
//
// Walking the program backwards (consumers before producers):
// - an elementwise op whose consumers all sit in one elementwise group of the same shape
//   joins that group: the group becomes one kernel and the op's value never exists in memory;
// - a scalar elementwise op (a learning-rate schedule, a bias correction) whose consumers
//   are all in groups is recomputed inside each of them: a few flops per thread instead of
//   a dispatch; reshapes and broadcasts of scalars are free there too;
// - a view (transpose, broadcast, slice) whose consumers all read through strides
//   (elementwise groups, matmul, reductions, other such views) stays virtual;
// - everything else, every requested output, and every value read by a reshape gets a buffer.
// Then groups of one shape merge forwards into a later group that reads them, when nothing
// else needs their values sooner: one kernel computes both and writes whatever is still
// needed outside (an Adam step becomes one kernel per parameter writing p, m and v).
// With fusion off every op is its own kernel: the baseline the tests compare against.

import type { IRNode } from "../../ir/prims";
import { isBinary, isUnary } from "../../ir/prims";
import { shapeEq, size } from "../../ir/shape";
import { VIEW_PRIMS } from "./views";

/** Ops an elementwise group can compute. */
export function isElementwise(n: IRNode): boolean {
  return isUnary(n.prim) || isBinary(n.prim) || n.prim === "where" || n.prim === "random";
}

/** A scalar constant: read as a WGSL literal by elementwise kernels, never loaded. */
export function isLiteral(n: IRNode): boolean {
  return n.prim === "const" && size(n.shape) === 1;
}

/** A scalar fed per run (a hyperparameter, the step count): elementwise kernels read it from the frame uniform. */
export function isFrameScalar(n: IRNode): boolean {
  return n.prim === "input" && size(n.shape) === 1;
}

export const ALIAS_PRIMS = new Set(["reshape", "stop_gradient"]);
const SOURCE_PRIMS = new Set(["const", "input", "variable"]);
const STRIDED_READERS = new Set(["matmul", "sum", "reduce_max"]);

/** reshape / broadcast / stop_gradient of a single value: an identity inside a group. */
export function isScalarIdentity(n: IRNode, nodes: readonly IRNode[]): boolean {
  return (ALIAS_PRIMS.has(n.prim) || n.prim === "broadcast") && size(nodes[n.inputs[0]].shape) === 1;
}

/** The largest elementwise group, in ops, before it is cut (keeps shaders small to compile). */
const MAX_GROUP_OPS = 48;

export interface FusionDecisions {
  /** Value has a buffer of its own (sources and aliases excluded). */
  materialized: Uint8Array;
  /** The groups (named by their root: the op its kernel is emitted at) that compute the value. */
  groupsOf: (Set<number> | null)[];
  /** Views read in place. */
  virtual: Uint8Array;
  /** Per group root: the values its kernel writes (the root itself among them). */
  writes: Map<number, number[]>;
}

/** The group's kernel is emitted at this value (it was not merged into a later one). */
export function isGroupRoot(d: FusionDecisions, id: number): boolean {
  return !!d.groupsOf[id]?.has(id);
}

export function decideFusion(
  nodes: readonly IRNode[],
  needed: Uint8Array,
  consumers: number[][],
  outputs: Set<number>,
  opts: { fuse: boolean; maxInputs: number },
): FusionDecisions {
  const n = nodes.length;
  const materialized = new Uint8Array(n);
  const groupsOf: (Set<number> | null)[] = new Array(n).fill(null);
  const virtual = new Uint8Array(n);
  // Per group root: the values it reads from outside (binding count) and its op count.
  const frontier = new Map<number, Set<number>>();
  const ops = new Map<number, number>();
  // What a group binds: literals and frame scalars take no storage binding.
  const bound = new Uint8Array(n);
  for (let id = 0; id < n; id++) bound[id] = isLiteral(nodes[id]) || isFrameScalar(nodes[id]) ? 0 : 1;
  const outsideReads = (v: IRNode) => {
    const ins = v.inputs;
    let all = true;
    for (let k = 0; k < ins.length; k++) if (!bound[ins[k]]) all = false;
    return all ? ins : ins.filter((i) => bound[i]);
  };

  const startGroup = (v: IRNode) => {
    materialized[v.id] = 1;
    groupsOf[v.id] = new Set([v.id]);
    frontier.set(v.id, new Set(outsideReads(v)));
    ops.set(v.id, 1);
  };

  /** Adds v to the groups its consumers are in, if every one of them can take it. */
  const tryJoin = (v: IRNode, cs: number[]): boolean => {
    if (!cs.length) return false;
    for (const c of cs) if (!groupsOf[c]) return false;
    const gs = new Set<number>();
    for (const c of cs) for (const g of groupsOf[c]!) gs.add(g);
    const scalar = size(v.shape) === 1 && v.prim !== "random"; // random is indexed per element
    if (!scalar && (gs.size > 1 || cs.some((c) => !shapeEq(nodes[c].shape, v.shape)))) return false;
    // Checked for every group before any changes: v's value leaves each frontier, its reads join.
    const reads = outsideReads(v);
    for (const g of gs) {
      if ((ops.get(g) ?? 0) >= MAX_GROUP_OPS) return false;
      const f = frontier.get(g)!;
      let bound = f.has(v.id) ? f.size - 1 : f.size;
      reads.forEach((i, k) => {
        if (!f.has(i) && reads.indexOf(i) === k) bound++;
      });
      // Bindings: the reads plus the output must fit the storage-buffer limit.
      if (bound > opts.maxInputs - 1) return false;
    }
    for (const g of gs) {
      const f = frontier.get(g)!;
      f.delete(v.id);
      for (const i of reads) f.add(i);
      ops.set(g, (ops.get(g) ?? 0) + 1);
    }
    groupsOf[v.id] = gs;
    return true;
  };

  for (let id = n - 1; id >= 0; id--) {
    if (!needed[id]) continue;
    const v = nodes[id];
    if (SOURCE_PRIMS.has(v.prim)) continue;
    const cs = consumers[id];
    const free = opts.fuse && !outputs.has(id);
    if (isScalarIdentity(v, nodes)) {
      if (free && tryJoin(v, cs)) continue;
      if (ALIAS_PRIMS.has(v.prim)) continue;
    } else if (ALIAS_PRIMS.has(v.prim)) {
      continue;
    }
    if (isElementwise(v)) {
      if (free && tryJoin(v, cs)) continue;
      startGroup(v);
      continue;
    }
    if (VIEW_PRIMS.has(v.prim)) {
      const strided = cs.every((c) => groupsOf[c] || STRIDED_READERS.has(nodes[c].prim) || virtual[c]);
      if (free && strided) {
        virtual[id] = 1;
        continue;
      }
      materialized[id] = 1; // a copy kernel, which no producer joins
      continue;
    }
    materialized[id] = 1;
  }
  const writes = new Map<number, number[]>();
  for (let id = 0; id < n; id++) if (groupsOf[id]?.has(id)) writes.set(id, [id]);
  const d: FusionDecisions = { materialized, groupsOf, virtual, writes };
  if (opts.fuse) mergeGroups(nodes, consumers, outputs, d, frontier, ops, opts.maxInputs + 1);
  return d;
}

/**
 * Merges each group A into the earliest later group B of the same shape that reads one of
 * A's values, when every other reader of A's values comes after B (they are now written
 * when B's kernel runs) and the bindings still fit.
 */
function mergeGroups(
  nodes: readonly IRNode[],
  consumers: number[][],
  outputs: Set<number>,
  d: FusionDecisions,
  frontier: Map<number, Set<number>>,
  ops: Map<number, number>,
  maxBindings: number,
): void {
  const inGroup = (c: number, g: number) => !!d.groupsOf[c]?.has(g);
  // Which values each group computes (the inverse of groupsOf), so a merge touches only A's.
  const members = new Map<number, number[]>();
  d.groupsOf.forEach((set, c) => {
    if (!set) return;
    for (const g of set) {
      const m = members.get(g);
      if (m) m.push(c);
      else members.set(g, [c]);
    }
  });
  for (const a of [...d.writes.keys()].sort((x, y) => x - y)) {
    const shape = nodes[a].shape;
    const wa = d.writes.get(a)!;
    let b = Number.POSITIVE_INFINITY;
    for (const w of wa) {
      for (const c of consumers[w]) {
        for (const g of d.groupsOf[c] ?? []) {
          if (g > a && g < b && isGroupRoot(d, g) && shapeEq(nodes[g].shape, shape)) b = g;
        }
      }
    }
    if (!Number.isFinite(b)) continue;
    const readersOk = wa.every((w) => consumers[w].every((c) => inGroup(c, a) || inGroup(c, b) || c > b));
    if (!readersOk || (ops.get(a) ?? 0) + (ops.get(b) ?? 0) > MAX_GROUP_OPS) continue;
    const stillNeeded = wa.filter(
      (w) => outputs.has(w) || consumers[w].some((c) => !inGroup(c, a) && !inGroup(c, b)),
    );
    const reads = new Set([...frontier.get(a)!, ...frontier.get(b)!]);
    for (const w of wa) reads.delete(w);
    const writes = [...stillNeeded, ...d.writes.get(b)!];
    if (reads.size + writes.length > maxBindings) continue;
    const moved = members.get(a) ?? [];
    const into = members.get(b) ?? [];
    members.set(b, into);
    for (const c of moved) {
      const set = d.groupsOf[c]!;
      if (!set.has(a)) continue; // a was a's own set, replaced below
      set.delete(a);
      if (!set.has(b)) {
        set.add(b);
        into.push(c);
      }
    }
    members.delete(a);
    d.groupsOf[a] = new Set([b]);
    if (!moved.includes(a)) into.push(a);
    for (const w of wa) if (!stillNeeded.includes(w)) d.materialized[w] = 0;
    frontier.set(b, reads);
    ops.set(b, (ops.get(a) ?? 0) + (ops.get(b) ?? 0));
    d.writes.set(b, writes);
    d.writes.delete(a);
  }
}
