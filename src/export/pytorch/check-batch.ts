// The file `model.py --check` reads: Input values, Dataset rows, and the random numbers
// wiregrad's grad pass draws, so that Dropout, NormalSample and GumbelSoftmax can be compared
// value for value (torch's generator cannot reproduce ours, so the draws are fed instead).
import { analyze } from "../../compile/analyze";
import { CompileError } from "../../compile/problems";
import { buildGradProgram } from "../../compile/program";
import type { GraphDoc } from "../../graph/doc";
import type { PrimAttrs } from "../../ir/prims";
import { normalAt, streamBase, uniformAt } from "../../ir/rng";
import { size } from "../../ir/shape";
import { jsonNested } from "./py";

export interface CheckBatch {
  /** Input id → nested array, batch first. */
  inputs?: Record<string, unknown>;
  /** Dataset id → sample indices (default: the first mini-batch, as `wiregrad grad`). */
  rows?: Record<string, number[]>;
  /** Random block id → the draws wiregrad made (uniform for Dropout and GumbelSoftmax, normal for NormalSample). */
  noise?: Record<string, unknown>;
  seed?: number;
}

/**
 * The random draws of `wiregrad grad` (step 0) by block. Random ops depend only on the seed,
 * the step and their key (src/ir/rng.ts), so they need no inputs or weights. Each op belongs to
 * the block whose lowering emitted it: the first block, in topological order, with an output
 * created after it (blocks lower one after another into the same builder).
 */
export function gradNoise(
  doc: GraphDoc,
  batch: number,
  seed = doc.training?.seed ?? 0,
): Record<string, unknown> {
  const a = analyze(doc);
  if (a.problems.length) throw new CompileError(a.problems);
  const p = buildGradProgram(doc, batch, a);
  const lastPort = new Map<string, number>();
  for (const [key, id] of p.ports) {
    const node = key.slice(0, key.lastIndexOf("."));
    lastPort.set(node, Math.max(lastPort.get(node) ?? -1, id));
  }
  const noise: Record<string, unknown> = {};
  for (const r of p.nodes) {
    if (r.prim !== "random") continue;
    const owner = a.order.find((id) => (lastPort.get(id) ?? -1) > r.id);
    if (!owner) throw new Error(`random op %${r.id} belongs to no block`);
    if (owner in noise) throw new Error(`${owner} draws twice; --check feeds one draw per block`);
    // What the executors compute for a random op: a function of (seed, step, key, index) alone.
    const attrs = r.attrs as PrimAttrs["random"];
    const base = streamBase(seed, 0, attrs.key);
    const draw = attrs.dist === "uniform" ? uniformAt : normalAt;
    const values = Float32Array.from({ length: size(r.shape) }, (_, i) => draw(base, i));
    noise[owner] = jsonNested(values, r.shape);
  }
  return noise;
}
