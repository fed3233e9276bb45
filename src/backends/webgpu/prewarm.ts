// The quick tier's library kernels: the shape-generic tiled matmul, the strided copy that
// gives it a contiguous B, and row reductions read their sizes from a `dims` uniform, so
// their WGSL does not depend on any graph — every model with a Linear layer and a loss runs
// them. On a software adapter, where pipeline compiles are slow and the GPU process runs
// them one after another (README, Performance: w2's 22 quick-tier pipelines finished
// ~10–15 ms apart, the tiled matmul alone ~115 ms), a runtime can compile these when it
// opens, in the background, so the first training step after an edit waits only for the
// kernels of its own graph (elementwise chains, batchers, literal-size kernels).
//
// The specs come from planning a small program through the same lowering a real one
// takes, so their text is exactly what a real program asks the pipeline cache for.

import { IRBuilder } from "../../ir/builder";
import type { KernelSpec } from "./kernel";
import { planProgram } from "./plan";

/** Labels of the ops whose generic kernels are graph-independent library kernels. */
const LIBRARY = /(matmul|sum|reduce_max)/;

/**
 * The quick-tier kernels of a Linear layer's forward and backward products (B read
 * transposed, then made contiguous) and of one-axis sums and maxima, loop and tree forms.
 * Elementwise kernels are left out: their text is the chain a graph fuses, not a library's.
 */
export function libraryKernels(maxInputs: number): KernelSpec[] {
  const b = new IRBuilder();
  // Rows of 64 and more: the copy's generic form reads its strides from dims then too.
  const x = b.input("x", [64, 96]);
  const w = b.input("w", [64, 96]);
  const g = b.input("g", [64, 64]);
  // x·Wᵀ (W stored [out, in], as Linear keeps it) and gᵀ·x: the tiled product with vec4 rows of B.
  const y = x.matmul(w.transpose([1, 0]));
  const dw = g.transpose([1, 0]).matmul(x);
  // Row maxima and sums over the last axis (a softmax), column sums (a bias gradient), and a
  // long sum to one value (a mean loss): the loop and tree reductions.
  const rowMax = y.reduceMax(1);
  const rowSum = y.sum(1);
  const colSum = g.sum(0);
  const total = b.input("long", [4096]).sum(0);
  const outs = [y, dw, rowMax, rowSum, colSum, total].map((t) => t.id);
  const plan = planProgram(b.nodes, outs, { fuse: true, maxInputs, software: true });
  const seen = new Set<string>();
  const specs: KernelSpec[] = [];
  for (const k of plan.kernels) {
    const q = k.warm ?? k.quick;
    if (!q?.dims || !LIBRARY.test(k.label) || seen.has(q.code)) continue;
    seen.add(q.code);
    specs.push(q);
  }
  return specs;
}
