// Names for IR values on the screen. A value that is a block's output is called by the block
// ("sin", "fc1"), a parameter by its name ("x", "fc1.weight"), an intermediate by its
// expression when that is short ("x · x") and otherwise t1, t2, … in program order.
import type { IRNode, PrimAttrs } from "../../ir/prims";
import type { LoweredGraph } from "../lowerGraph";
import { exprOf } from "./exprs";

const MAX_EXPR = 18;

export interface LabelSources {
  g: LoweredGraph;
  /** Node id → block type, to call a Parameter's value by the node's name. */
  typeOf: (node: string) => string | undefined;
  /** Single-output blocks are named by node id alone. */
  outputCount: (node: string) => number;
}

/** Labels for the forward ops [0, end). */
export function forwardLabels(nodes: readonly IRNode[], end: number, src: LabelSources): Map<number, string> {
  const labels = new Map<number, string>();
  for (const v of src.g.variables.values()) {
    const t = src.g.weightTensors.get(v.node)?.[v.param];
    if (!t) continue;
    labels.set(t.id, src.typeOf(v.node) === "Parameter" ? v.node : v.name);
  }
  for (const [key, t] of src.g.ports) {
    if (labels.has(t.id)) continue;
    const node = key.slice(0, key.lastIndexOf("."));
    labels.set(t.id, src.outputCount(node) === 1 ? node : key);
  }
  let temp = 0;
  for (let id = 0; id < end; id++) {
    if (labels.has(id)) continue;
    const n = nodes[id];
    if (n.prim === "input") {
      labels.set(id, (n.attrs as PrimAttrs["input"]).name);
      continue;
    }
    const e = exprOf(
      n.prim,
      n.inputs.map((i) => labels.get(i) ?? `%${i}`),
      n.attrs,
    );
    labels.set(id, e.length <= MAX_EXPR ? e : `t${++temp}`);
  }
  return labels;
}

/** Labels for the backward ops [start, end): gradients by name, the rest by expression. */
export function backwardLabels(
  nodes: readonly IRNode[],
  start: number,
  end: number,
  labels: Map<number, string>,
  named: Map<number, string>,
): void {
  for (const [id, name] of named) if (!labels.has(id)) labels.set(id, name);
  let temp = 0;
  for (let id = start; id < end; id++) {
    if (labels.has(id)) continue;
    const n = nodes[id];
    const e = exprOf(
      n.prim,
      n.inputs.map((i) => labels.get(i) ?? `%${i}`),
      n.attrs,
    );
    labels.set(id, e.length <= MAX_EXPR + 10 ? e : `g${++temp}`);
  }
}
