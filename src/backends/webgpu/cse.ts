// Common-subexpression elimination before planning: lowering and autodiff repeat work (the
// same constant, the same bias correction 1 − β^t once per parameter), and every repeat
// would be another dispatch. Equal ops on equal inputs become one value; random ops differ
// by their key, so distinct streams stay distinct.

import type { IRNode } from "../../ir/prims";
import { attrKey } from "./attrKey";

function hasAttrs(attrs: object): boolean {
  for (const _ in attrs) return true;
  return false;
}

/**
 * Nodes with inputs rewired to the first of each set of equal values, and that mapping.
 * Ids are kept (duplicates stay in place, unused), so shapes and labels still line up.
 */
export function eliminateCommonSubexpressions(nodes: readonly IRNode[]): {
  nodes: IRNode[];
  canon: Int32Array;
} {
  const canon = new Int32Array(nodes.length);
  // Most ops have one or two inputs and no attributes (their shape follows from the inputs):
  // their key is a number, (prim, inputs), far cheaper to make and look up than text.
  const base = nodes.length + 1;
  const primCodes = new Map<string, number>();
  const byNumber = new Map<number, number>();
  const byText = new Map<string, number>();
  const out: IRNode[] = new Array(nodes.length);
  for (let id = 0; id < nodes.length; id++) {
    const n = nodes[id];
    const ins = n.inputs;
    let rewired = false;
    for (const i of ins) if (canon[i] !== i) rewired = true;
    let first: number | undefined;
    if (ins.length > 0 && ins.length <= 2 && !hasAttrs(n.attrs)) {
      let code = primCodes.get(n.prim);
      if (code === undefined) {
        code = primCodes.size;
        primCodes.set(n.prim, code);
      }
      const key = (code * base + canon[ins[0]] + 1) * base + (ins.length > 1 ? canon[ins[1]] + 1 : 0);
      first = byNumber.get(key);
      if (first === undefined) byNumber.set(key, id);
    } else {
      let key = `${n.prim}|${n.shape.join(",")}|`;
      for (const i of ins) key += `${canon[i]},`;
      key += attrKey(n.attrs);
      first = byText.get(key);
      if (first === undefined) byText.set(key, id);
    }
    canon[id] = first ?? id;
    out[id] = rewired ? { ...n, inputs: ins.map((i) => canon[i]) } : n;
  }
  return { nodes: out, canon };
}
