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

/** `FusionDecisions.group` of a value in no group, and of a scalar recomputed in several. */
const NONE = -1;
const MULTI = -2;

export interface FusionDecisions {
  /** Value has a buffer of its own (sources and aliases excluded). */
  materialized: Uint8Array;
  /**
   * The group (named by its root: the op its kernel is emitted at) that computes each value:
   * NONE, a root, or MULTI for a scalar recomputed in several groups (listed in `multi`).
   * Typed arrays rather than a set per value: the planner decides this for thousands of
   * ops per compile, and the first compiles of a page run before the engine optimises them.
   */
  group: Int32Array;
  multi: Map<number, number[]>;
  /** Views read in place. */
  virtual: Uint8Array;
  /** Per group root: the values its kernel writes (the root itself among them). */
  writes: Map<number, number[]>;
}

/** Whether group `g` computes value `id`. */
export function inGroup(d: FusionDecisions, id: number, g: number): boolean {
  const x = d.group[id];
  return x === g || (x === MULTI && d.multi.get(id)!.includes(g));
}

/** Whether some group computes value `id`. */
export function isGrouped(d: FusionDecisions, id: number): boolean {
  return d.group[id] !== NONE;
}

/** The group's kernel is emitted at this value (it was not merged into a later one). */
export function isGroupRoot(d: FusionDecisions, id: number): boolean {
  return inGroup(d, id, id);
}

/** Appends `x` to a short list of distinct numbers unless it is there. */
function addUnique(list: number[], x: number): void {
  if (!list.includes(x)) list.push(x);
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
  const group = new Int32Array(n).fill(NONE);
  const multi = new Map<number, number[]>();
  const virtual = new Uint8Array(n);
  // Per group root: the distinct values it reads from outside (binding count; a few, so a
  // list) and its op count.
  const frontier: (number[] | undefined)[] = new Array(n);
  const ops = new Int32Array(n);
  // What a group binds: literals and frame scalars take no storage binding.
  const bound = new Uint8Array(n);
  for (let id = 0; id < n; id++) bound[id] = isLiteral(nodes[id]) || isFrameScalar(nodes[id]) ? 0 : 1;
  /** v's distinct bound inputs, into `into` (cleared first). */
  const outsideReads = (v: IRNode, into: number[]): number[] => {
    into.length = 0;
    for (const i of v.inputs) if (bound[i]) addUnique(into, i);
    return into;
  };

  const startGroup = (v: IRNode) => {
    materialized[v.id] = 1;
    group[v.id] = v.id;
    frontier[v.id] = outsideReads(v, []);
    ops[v.id] = 1;
  };

  // The groups v would join and its reads (scratch, reused: thousands of calls per compile).
  const gs: number[] = [];
  const scratchReads: number[] = [];
  /** Adds v to the groups its consumers are in, if every one of them can take it. */
  const tryJoin = (v: IRNode, cs: number[]): boolean => {
    if (!cs.length) return false;
    gs.length = 0;
    for (const c of cs) {
      const x = group[c];
      if (x === NONE) return false;
      if (x === MULTI) for (const g of multi.get(c)!) addUnique(gs, g);
      else addUnique(gs, x);
    }
    const scalar = size(v.shape) === 1 && v.prim !== "random"; // random is indexed per element
    if (!scalar) {
      if (gs.length > 1) return false;
      for (const c of cs) if (!shapeEq(nodes[c].shape, v.shape)) return false;
    }
    // Checked for every group before any changes: v's value leaves each frontier, its reads join.
    const reads = outsideReads(v, scratchReads);
    for (const g of gs) {
      if (ops[g] >= MAX_GROUP_OPS) return false;
      const f = frontier[g]!;
      let count = f.includes(v.id) ? f.length - 1 : f.length;
      for (const i of reads) if (!f.includes(i)) count++;
      // Bindings: the reads plus the output must fit the storage-buffer limit.
      if (count > opts.maxInputs - 1) return false;
    }
    for (const g of gs) {
      const f = frontier[g]!;
      // Order within a frontier does not matter: the last entry fills the gap.
      const at = f.indexOf(v.id);
      if (at >= 0) {
        f[at] = f[f.length - 1];
        f.pop();
      }
      for (const i of reads) addUnique(f, i);
      ops[g]++;
    }
    if (gs.length === 1) group[v.id] = gs[0];
    else {
      group[v.id] = MULTI;
      multi.set(v.id, gs.slice());
    }
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
      let strided = true;
      for (const c of cs)
        if (group[c] === NONE && !STRIDED_READERS.has(nodes[c].prim) && !virtual[c]) strided = false;
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
  for (let id = 0; id < n; id++) if (group[id] === id) writes.set(id, [id]);
  const d: FusionDecisions = { materialized, group, multi, virtual, writes };
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
  frontier: (number[] | undefined)[],
  ops: Int32Array,
  maxBindings: number,
): void {
  const { group, multi } = d;
  // Which values each group computes (the inverse of group), so a merge touches only A's.
  const members: (number[] | undefined)[] = new Array(group.length);
  const addMember = (g: number, c: number) => {
    const m = members[g];
    if (m) m.push(c);
    else members[g] = [c];
  };
  for (let c = 0; c < group.length; c++) {
    const x = group[c];
    if (x === MULTI) for (const g of multi.get(c)!) addMember(g, c);
    else if (x !== NONE) addMember(x, c);
  }
  /** The earliest group root after a (before b) of a's shape that reads value w. */
  const earliestReader = (a: number, w: number, b: number, shape: number[]): number => {
    for (const c of consumers[w]) {
      const x = group[c];
      if (x === MULTI) {
        for (const g of multi.get(c)!)
          if (g > a && g < b && isGroupRoot(d, g) && shapeEq(nodes[g].shape, shape)) b = g;
      } else if (x > a && x < b && isGroupRoot(d, x) && shapeEq(nodes[x].shape, shape)) b = x;
    }
    return b;
  };
  const roots = [...d.writes.keys()].sort((x, y) => x - y);
  for (const a of roots) {
    const shape = nodes[a].shape;
    const wa = d.writes.get(a)!;
    let b = Number.POSITIVE_INFINITY;
    for (const w of wa) b = earliestReader(a, w, b, shape);
    if (!Number.isFinite(b)) continue;
    let readersOk = true;
    const stillNeeded: number[] = [];
    for (const w of wa) {
      let outside = outputs.has(w);
      for (const c of consumers[w]) {
        const ina = inGroup(d, c, a);
        const inb = inGroup(d, c, b);
        if (!ina && !inb && c <= b) readersOk = false;
        if (!ina && !inb) outside = true;
      }
      if (outside) stillNeeded.push(w);
    }
    if (!readersOk || ops[a] + ops[b] > MAX_GROUP_OPS) continue;
    const reads: number[] = [];
    for (const r of frontier[a]!) if (!wa.includes(r)) addUnique(reads, r);
    for (const r of frontier[b]!) if (!wa.includes(r)) addUnique(reads, r);
    const writes = [...stillNeeded, ...d.writes.get(b)!];
    if (reads.length + writes.length > maxBindings) continue;
    const moved = members[a] ?? [];
    const into = members[b] ?? [];
    members[b] = into;
    for (const c of moved) {
      const x = group[c];
      if (x === MULTI) {
        const list = multi.get(c)!;
        const at = list.indexOf(a);
        if (at < 0) continue;
        list.splice(at, 1);
        if (!list.includes(b)) {
          list.push(b);
          into.push(c);
        }
        if (list.length === 1) {
          group[c] = list[0];
          multi.delete(c);
        }
      } else if (x === a) {
        group[c] = b;
        into.push(c);
      }
    }
    members[a] = undefined;
    group[a] = b; // a root is never MULTI: only values walked before it join its group
    if (!moved.includes(a)) into.push(a);
    for (const w of wa) if (!stillNeeded.includes(w)) d.materialized[w] = 0;
    frontier[b] = reads;
    ops[b] = ops[a] + ops[b];
    d.writes.set(b, writes);
    d.writes.delete(a);
  }
}
