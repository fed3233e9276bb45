// Common-subexpression elimination before planning: lowering and autodiff repeat work (the
// same constant, the same bias correction 1 − β^t once per parameter), and every repeat
// would be another dispatch. Equal ops on equal inputs become one value; random ops differ
// by their key, so distinct streams stay distinct.

import { mapNumbers } from "../../ir/packed";
import { ALL_PRIMS, type IRNode, irNode, type Prim } from "../../ir/prims";
import { attrKey } from "./attrKey";

/** A small integer per primitive, for the op hash. */
const PRIM_CODE = new Map<Prim, number>(ALL_PRIMS.map((p, i) => [p, i + 1]));

/** An op's prim and (canonical) inputs hashed to a small integer (a Smi: a cheap Map key). */
function opHash(n: IRNode, canon: Int32Array): number {
  let h = PRIM_CODE.get(n.prim)!;
  for (let k = 0; k < n.inputs.length; k++) h = Math.imul(h ^ canon[n.inputs[k]], 0x9e3779b1);
  return h & 0x3fffffff;
}

function hasAttrs(attrs: object): boolean {
  for (const _ in attrs) return true;
  return false;
}

/**
 * Equal ops: the same prim on the same (canonical) inputs, and for ops with attributes or
 * no inputs also the same shape and attribute text. (An op without attributes on one or two
 * inputs has its shape fixed by them.)
 */
function equalOps(a: IRNode, b: IRNode, canon: Int32Array): boolean {
  const ins = b.inputs;
  if (a.prim !== b.prim || a.inputs.length !== ins.length) return false;
  for (let k = 0; k < ins.length; k++) if (a.inputs[k] !== canon[ins[k]]) return false;
  if (ins.length > 0 && ins.length <= 2 && !hasAttrs(a.attrs) && !hasAttrs(b.attrs)) return true;
  if (a.shape.length !== b.shape.length) return false;
  for (let k = 0; k < a.shape.length; k++) if (a.shape[k] !== b.shape[k]) return false;
  if (ins.length > 0 && ins.length <= 2 && hasAttrs(a.attrs) !== hasAttrs(b.attrs)) return false;
  return a.attrs === b.attrs || attrKey(a.attrs) === attrKey(b.attrs);
}

/**
 * Nodes with inputs rewired to the first of each set of equal values, and that mapping.
 * Ids are kept (duplicates stay in place, unused), so shapes and labels still line up.
 */
export function eliminateCommonSubexpressions(nodes: readonly IRNode[]): {
  nodes: IRNode[];
  canon: Int32Array;
} {
  const count = nodes.length;
  const canon = new Int32Array(count);
  // An op equal to an earlier one has the same prim and reads the same values: each kept op
  // is listed under the hash of those (a chain through `next`, no text keys). Listing ops
  // under their newest input instead made one long list of every parameter's weight-decay
  // product (all read the one weight_decay scalar, the newest input), searched per op.
  const head = new Map<number, number>();
  const next = new Int32Array(count).fill(-1);
  // Ops without inputs (constants, inputs, variables, random streams) by their text.
  const sources = new Map<string, number>();
  const out: IRNode[] = new Array(count);
  for (let id = 0; id < count; id++) {
    const n = nodes[id];
    const raw = n.inputs;
    let rewired = false;
    for (let k = 0; k < raw.length; k++) if (canon[raw[k]] !== raw[k]) rewired = true;
    out[id] = rewired
      ? irNode(
          n.id,
          n.prim,
          mapNumbers(raw, (i) => canon[i]),
          n.attrs,
          n.shape,
        )
      : n;
    let first = -1;
    if (raw.length === 0) {
      const key = `${n.prim}|${n.shape.join(",")}|${attrKey(n.attrs)}`;
      const hit = sources.get(key);
      if (hit === undefined) sources.set(key, id);
      else first = hit;
    } else {
      const h = opHash(n, canon);
      const chain = head.get(h) ?? -1;
      for (let e = chain; e >= 0; e = next[e]) {
        if (equalOps(out[e], n, canon)) {
          first = e;
          break;
        }
      }
      if (first < 0) {
        next[id] = chain;
        head.set(h, id);
      }
    }
    canon[id] = first >= 0 ? first : id;
  }
  return { nodes: out, canon };
}
