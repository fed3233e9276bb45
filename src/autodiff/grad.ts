import type { IRBuilder, Tensor } from "../ir/builder";
import type { Prim } from "../ir/prims";
import { fmt } from "../ir/shape";
import { type VjpContext, vjpRules } from "../ir/vjp";

/**
 * What one VJP rule did, reported to an observer (the step-through view): the op whose rule
 * ran, the cotangent it received, and for each differentiated input the contribution and
 * the input's running total after the fan-out sum. `emitted` is the range of op ids the
 * rule and its sums appended.
 */
export interface VjpStep {
  id: number;
  cotangent: Tensor;
  contributions: { input: number; slot: number; grad: Tensor; total: Tensor }[];
  emitted: [start: number, end: number];
}

/**
 * Reverse-mode autodiff as an IR → IR transform: appends the backward pass to the same
 * builder and returns d(y)/d(wrt) for each wrt. Because the appended ops are ordinary
 * primitives, calling grad on a gradient gives second derivatives.
 *
 * `cotangent` seeds the backward pass (default 1 for a scalar y), which also gives
 * vector-Jacobian products for non-scalar outputs.
 */
export function grad(
  b: IRBuilder,
  y: Tensor,
  wrt: Tensor[],
  cotangent?: Tensor,
  observe?: (step: VjpStep) => void,
): Tensor[] {
  if (!cotangent && y.size !== 1) {
    throw new Error(`grad of a non-scalar ${fmt(y.shape)} needs a cotangent`);
  }
  const end = y.id;
  const wrtIds = new Set(wrt.map((t) => t.id));

  // Forward sweep: which values depend on something we differentiate with respect to.
  // Backward work is only done along those paths (fan-in from constants costs nothing).
  const dependsOnWrt = new Uint8Array(end + 1);
  for (let id = 0; id <= end; id++) {
    const n = b.nodes[id];
    if (wrtIds.has(id) || n.inputs.some((i) => dependsOnWrt[i])) dependsOnWrt[id] = 1;
  }

  const cot = new Map<number, Tensor>();
  cot.set(end, cotangent ?? b.full([...y.shape], 1));

  for (let id = end; id >= 0; id--) {
    const g = cot.get(id);
    if (!g || !dependsOnWrt[id]) continue;
    const n = b.nodes[id];
    if (n.inputs.length === 0) continue;
    const need = n.inputs.map((i) => dependsOnWrt[i] === 1);
    const ctx: VjpContext<Prim> = {
      x: n.inputs.map((i) => b.tensor(i)),
      y: b.tensor(id),
      g,
      attrs: n.attrs,
      need,
    };
    const rule = vjpRules[n.prim] as (c: VjpContext<Prim>) => (Tensor | null)[];
    const start = b.nodes.length;
    const gx = rule(ctx);
    const contributions: VjpStep["contributions"] = [];
    n.inputs.forEach((inp, k) => {
      const gi = gx[k];
      if (!gi || !need[k]) return;
      // Fan-out: a value used twice receives the sum of both cotangents (micrograd #2).
      const prev = cot.get(inp);
      const total = prev ? prev.add(gi) : gi;
      cot.set(inp, total);
      contributions.push({ input: inp, slot: k, grad: gi, total });
    });
    observe?.({ id, cotangent: g, contributions, emitted: [start, b.nodes.length] });
  }
  return wrt.map((w) => cot.get(w.id) ?? b.zeros([...w.shape]));
}
