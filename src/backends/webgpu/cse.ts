// Common-subexpression elimination before planning: lowering and autodiff repeat work (the
// same constant, the same bias correction 1 − β^t once per parameter), and every repeat
// would be another dispatch. Equal ops on equal inputs become one value; random ops differ
// by their key, so distinct streams stay distinct.

import type { IRNode } from "../../ir/prims";

const viewsAsArrays = (_k: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v);

/** Whether the replacer would change anything (a typed array anywhere in the attributes). */
function hasView(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  if (ArrayBuffer.isView(v)) return true;
  for (const x of Object.values(v)) if (hasView(x)) return true;
  return false;
}

function attrKey(n: IRNode): string {
  // The replacer is slow; without a typed array the plain text is the same.
  return hasView(n.attrs) ? JSON.stringify(n.attrs, viewsAsArrays) : JSON.stringify(n.attrs);
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
  const seen = new Map<string, number>();
  const out: IRNode[] = nodes.map((n) => {
    const inputs = n.inputs.map((i) => canon[i]);
    const key = `${n.prim}|${inputs.join(",")}|${n.shape.join(",")}|${attrKey(n)}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, n.id);
      canon[n.id] = n.id;
    } else {
      canon[n.id] = first;
    }
    return inputs.every((v, k) => v === n.inputs[k]) ? n : { ...n, inputs };
  });
  return { nodes: out, canon };
}
