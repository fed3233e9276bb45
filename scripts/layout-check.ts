// Counts the object layouts ("maps") and array kinds of what a compile makes, in V8: run with
// `node --allow-natives-syntax --import tsx scripts/layout-check.ts [compiles=30]`; prints one
// JSON line. Compiles workload 5's graph repeatedly, edited and unedited, so the engine warms
// up meanwhile: an array made by Array.prototype.map is packed while the code making it is
// cold and holey once it is optimised (src/ir/packed.ts), and a spread copy of a kernel spec
// got a layout of its own. One layout per kind of structure keeps the planner's loops
// compiled once; test/backends/layout.test.ts asserts it.

import { bigGraph } from "../bench/graphs";
import { KernelCache } from "../src/backends/webgpu/kernelCache";
import { planProgram } from "../src/backends/webgpu/plan";
import { analyze } from "../src/compile/analyze";
import { buildTrainProgram } from "../src/compile/program";

const sameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: unknown, b: unknown) => boolean;
const compiles = Number(process.argv[2] ?? 30);

const seen = new Map<string, unknown[]>();
const note = (what: string, x: unknown) => {
  const layouts = seen.get(what) ?? [];
  if (!layouts.some((y) => sameMap(y, x))) layouts.push(x);
  seen.set(what, layouts);
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
    if (n.inputs.length) note("node.inputs", n.inputs);
    if (n.shape.length) note("node.shape", n.shape);
  }
  for (const k of plan.kernels) {
    note("kernel", k);
    note("kernel.writes", k.writes);
  }
}
console.log(JSON.stringify(Object.fromEntries([...seen].map(([k, v]) => [k, v.length]))));
