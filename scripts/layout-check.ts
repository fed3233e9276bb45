// Counts the object layouts ("maps") and array elements kinds of what a compile makes, in
// V8: `node --allow-natives-syntax --import tsx scripts/layout-check.ts [compiles=30]`
// prints one JSON line; in a page (Chromium with --js-flags=--allow-natives-syntax) the
// bundle sets globalThis.layoutCensus. Compiles workload 5's graph repeatedly, edited and
// unedited, so the engine warms up meanwhile. One layout and one kind (small integers,
// packed) per kind of structure keeps the planner's loops compiled once (src/ir/packed.ts
// says what broke it before); test/backends/layout.test.ts asserts it in both engines.

import { bigGraph } from "../bench/graphs";
import { KernelCache } from "../src/backends/webgpu/kernelCache";
import { planProgram } from "../src/backends/webgpu/plan";
import { analyze } from "../src/compile/analyze";
import { buildTrainProgram } from "../src/compile/program";

export interface Census {
  /** Distinct layouts per structure. */
  layouts: Record<string, number>;
  /** Elements kinds seen per kind of number list, e.g. ["smi-packed"]. */
  kinds: Record<string, string[]>;
}

export function layoutCensus(compiles: number): Census {
  const sameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: unknown, b: unknown) => boolean;
  const kindOf = new Function(
    "a",
    "return (%HasSmiElements(a) ? 'smi' : %HasDoubleElements(a) ? 'double' : 'object') + (%HasHoleyElements(a) ? '-holey' : '-packed')",
  ) as (a: unknown) => string;
  const seen = new Map<string, unknown[]>();
  const kinds = new Map<string, Set<string>>();
  const note = (what: string, x: unknown) => {
    const layouts = seen.get(what) ?? [];
    if (!layouts.some((y) => sameMap(y, x))) layouts.push(x);
    seen.set(what, layouts);
  };
  const noteKind = (what: string, xs: unknown) => {
    const set = kinds.get(what) ?? new Set();
    set.add(kindOf(xs));
    kinds.set(what, set);
  };
  for (let r = 0; r < compiles; r++) {
    const doc = bigGraph(r % 3 ? r % 48 : -1);
    const p = buildTrainProgram(doc, 32, analyze(doc));
    const outputs = [p.loss!, ...p.metrics.values(), ...p.updates.values()];
    const plan = planProgram(p.nodes, outputs, {
      fuse: true,
      maxInputs: 7,
      updates: p.updates,
      kernels: new KernelCache(),
    });
    for (const n of p.nodes) {
      note("node", n);
      if (n.inputs.length) {
        note("node.inputs", n.inputs);
        noteKind("node.inputs", n.inputs);
      }
      if (n.shape.length) {
        note("node.shape", n.shape);
        noteKind("node.shape", n.shape);
      }
    }
    for (const k of plan.kernels) {
      note("kernel", k);
      note("kernel.writes", k.writes);
      noteKind("kernel.reads", k.reads);
      noteKind("kernel.writes", k.writes);
    }
  }
  return {
    layouts: Object.fromEntries([...seen].map(([k, v]) => [k, v.length])),
    kinds: Object.fromEntries([...kinds].map(([k, v]) => [k, [...v].sort()])),
  };
}

(globalThis as { layoutCensus?: typeof layoutCensus }).layoutCensus = layoutCensus;

if (typeof process !== "undefined" && process.argv[1]?.endsWith("layout-check.ts")) {
  console.log(JSON.stringify(layoutCensus(Number(process.argv[2] ?? 30))));
}
