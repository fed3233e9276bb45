import type { GraphDoc } from "../graph/doc";
import { decodeWeight } from "../graph/weights";
import { fmt, shapeEq, size } from "../ir/shape";
import { initWeight } from "./init";
import type { GraphProblem } from "./problems";
import type { Program } from "./program";

export type VariableStore = Map<string, Float32Array>;

/**
 * Values for every variable of a program, in order of preference: weights embedded in the
 * GraphDoc, values carried over from a previous program (an edit kept this block's shapes),
 * then a fresh seeded initialisation. Optimiser slots start at zero.
 */
export function initVariables(
  p: Program,
  doc: GraphDoc,
  seed: number,
  previous?: VariableStore,
): { values: VariableStore; problems: GraphProblem[] } {
  const values: VariableStore = new Map();
  const problems: GraphProblem[] = [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const v of p.variables.values()) {
    const prev = previous?.get(v.name);
    if (prev && prev.length === size(v.shape)) {
      values.set(v.name, prev);
      continue;
    }
    if (v.kind === "slot") {
      values.set(v.name, new Float32Array(size(v.shape)));
      continue;
    }
    const embedded = byId.get(v.node)?.weights?.[v.param];
    if (embedded) {
      if (!shapeEq(embedded.shape, v.shape)) {
        problems.push({
          node: v.node,
          param: v.param,
          message: `weights.${v.param} has shape ${fmt(embedded.shape)} but the block needs ${fmt(v.shape)}`,
          expected: fmt(v.shape),
          actual: fmt(embedded.shape),
        });
      } else {
        values.set(v.name, decodeWeight(embedded));
        continue;
      }
    }
    values.set(v.name, initWeight(v.spec!.init, v.shape, seed, v.name));
  }
  return { values, problems };
}
