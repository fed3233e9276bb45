// Common-subexpression elimination before planning: lowering and autodiff repeat work (the
// same constant, the same bias correction 1 − β^t once per parameter), and every repeat
// would be another dispatch. Equal ops on equal inputs become one value; random ops differ
// by their key, so distinct streams stay distinct.

import { mapPacked } from "../../ir/packed";
import { type IRNode, irNode } from "../../ir/prims";
import { attrKey } from "./attrKey";

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
  // An op equal to an earlier one reads the same values, so it is found among the earlier
  // ops reading its newest input: each kept op is listed (a linked list in two arrays, no
  // text keys) under the highest of its input ids, which has the fewest readers so far.
  const head = new Int32Array(count).fill(-1);
  const next = new Int32Array(count).fill(-1);
  // Ops without inputs (constants, inputs, variables, random streams) by their text.
  const sources = new Map<string, number>();
  const out: IRNode[] = new Array(count);
  for (let id = 0; id < count; id++) {
    const n = nodes[id];
    const raw = n.inputs;
    let rewired = false;
    let newest = -1;
    for (let k = 0; k < raw.length; k++) {
      const c = canon[raw[k]];
      if (c !== raw[k]) rewired = true;
      if (c > newest) newest = c;
    }
    out[id] = rewired
      ? irNode(
          n.id,
          n.prim,
          mapPacked(raw, (i) => canon[i]),
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
      for (let e = head[newest]; e >= 0; e = next[e]) {
        if (equalOps(out[e], n, canon)) {
          first = e;
          break;
        }
      }
      if (first < 0) {
        next[id] = head[newest];
        head[newest] = id;
      }
    }
    canon[id] = first >= 0 ? first : id;
  }
  return { nodes: out, canon };
}
