// Turns an elementwise group (a root and the ops fused into it) into the expression list
// the WGSL generator takes. Leaves are buffers read through views broadcast to the group's
// shape; scalar constants become literals.

import { objectsOf } from "../../ir/packed";
import type { BinaryPrim, IRNode, PrimAttrs, UnaryPrim } from "../../ir/prims";
import { isBinary, isUnary } from "../../ir/prims";
import { fmt } from "../../ir/shape";
import { isFrameScalar, isLiteral, isScalarIdentity } from "./fuse";
import { broadcastStridesOf, type View } from "./views";
import { type EwExpr, type EwGroup, ewGroup, ewLoad } from "./wgsl/elementwise";

export interface GroupSource {
  nodes: readonly IRNode[];
  /** Whether value id is computed inside this group (the root, or an op fused into it). */
  inGroup(id: number): boolean;
  /** How value id is read from memory. */
  view(id: number): View;
  /** The frame-uniform slot of a scalar input. */
  frameSlot(id: number): number;
}

/** Whether a leaf of shape `s` reads as `to` (equal ranks: every axis equal or 1). */
function broadcastsTo(s: readonly number[], to: readonly number[]): boolean {
  if (s.length !== to.length) return true;
  for (let ax = 0; ax < s.length; ax++) if (s[ax] !== to[ax] && s[ax] !== 1) return false;
  return true;
}

/**
 * The group computing `root` and writing `writes` (default: root alone); `rootView` is given
 * for a materialised view (a copy kernel).
 */
export function buildGroup(
  root: IRNode,
  src: GroupSource,
  rootView?: View,
  writes: number[] = [root.id],
): EwGroup {
  const exprs: EwExpr[] = [];
  // Groups are a handful of ops: a linear search beats a Map (and allocates less) here.
  const memoIds: number[] = [];
  const memoExprs: number[] = [];
  const reads: number[] = [];
  /** The ops computed here (for the label). */
  const members: number[] = [];
  const push = (e: EwExpr) => exprs.push(e) - 1;
  const leaf = (v: View): number => {
    if (!broadcastsTo(v.shape, root.shape)) {
      throw new Error(
        `group %${root.id}: a leaf of shape ${fmt(v.shape)} cannot broadcast to ${fmt(root.shape)}`,
      );
    }
    let input = reads.indexOf(v.src);
    if (input < 0) input = reads.push(v.src) - 1;
    return push(ewLoad(input, broadcastStridesOf(v, root.shape), v.base));
  };
  const visit = (id: number): number => {
    const at = memoIds.indexOf(id);
    if (at >= 0) return memoExprs[at];
    const n = src.nodes[id];
    let k: number;
    if (isLiteral(n)) {
      k = push({ kind: "lit", value: Number((n.attrs as PrimAttrs["const"]).data[0]) });
    } else if (isFrameScalar(n)) {
      k = push({ kind: "scalar", slot: src.frameSlot(id) });
    } else if (!src.inGroup(id)) {
      k = leaf(src.view(id));
    } else {
      members.push(id);
      k = op(n);
    }
    memoIds.push(id);
    memoExprs.push(k);
    return k;
  };
  /** An op of the group, after its operands. */
  const op = (n: IRNode): number => {
    if (isScalarIdentity(n, src.nodes)) return visit(n.inputs[0]);
    if (isUnary(n.prim))
      return push({ kind: "unary", prim: n.prim as UnaryPrim, args: [visit(n.inputs[0])] });
    if (isBinary(n.prim)) {
      const a = visit(n.inputs[0]);
      const b = visit(n.inputs[1]);
      return push({ kind: "binary", prim: n.prim as BinaryPrim, args: [a, b] });
    }
    if (n.prim === "where") {
      const [c, a, b] = n.inputs.map(visit);
      return push({ kind: "where", args: [c, a, b] });
    }
    if (n.prim === "random") {
      const a = n.attrs as PrimAttrs["random"];
      return push({ kind: "random", dist: a.dist, key: a.key });
    }
    throw new Error(`op %${n.id} ${n.prim} ${fmt(n.shape)} cannot be part of an elementwise kernel`);
  };
  const outs = rootView
    ? [{ value: root.id, expr: leaf(rootView) }]
    : objectsOf(writes, (w) => ({ value: w, expr: visit(w) }));
  let label = `%${root.id} ${root.prim}`;
  if (!rootView) {
    // Insertion sort: members are few and nearly in order.
    for (let i = 1; i < members.length; i++) {
      const m = members[i];
      let j = i - 1;
      for (; j >= 0 && members[j] > m; j--) members[j + 1] = members[j];
      members[j + 1] = m;
    }
    label = "";
    for (const id of members) label += `${label ? ", " : ""}%${id} ${src.nodes[id].prim}`;
  }
  return ewGroup(root.shape, exprs, reads, outs, label);
}
