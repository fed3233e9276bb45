// The primitive parity cases of test/backends/parity.test.ts, run in a page: every primitive's
// forward value and the gradients autodiff emits for it, CPU executor (Float32) against WebGPU
// with and without fusion, judged by the same tolerances (primCases.ts). Browser-safe.

import { executeCpu } from "../../src/backends/cpu/executor";
import type { GpuRuntime } from "../../src/backends/webgpu";
import { ALL_PRIMS } from "../../src/ir/prims";
import { diff } from "../backends/gpu";
import { buildCaseProgram, cases, type GpuCase } from "../backends/primCases";
import type { CheckResult } from "./results";

async function runCase(rt: GpuRuntime, c: GpuCase, fanOut: boolean): Promise<string[]> {
  const s = buildCaseProgram(c, fanOut);
  const outs = [s.y, ...s.grads];
  const frame = { seed: 5, step: 3 };
  const cpu = executeCpu(s.nodes, outs, {
    dtype: "f32",
    feeds: s.feeds,
    variables: { v: s.variables.v },
    ...frame,
  });
  rt.setVariable("v", s.variables.v);
  const problems: string[] = [];
  for (const fuse of [true, false]) {
    const p = await rt.compile({ nodes: s.nodes, outputs: outs, fuse });
    const gpu = await p.run(s.feeds, frame, outs);
    p.destroy();
    const fwd = diff(gpu[0], cpu[0]);
    const fwdErr = c.tol.fwdNorm ? fwd.normUlps : fwd.ulps;
    if (!(fwdErr <= c.tol.fwd))
      problems.push(
        `forward (fuse ${fuse}) ${fwdErr.toFixed(2)} ulp > ${c.tol.fwd}: ${JSON.stringify(fwd.worst)}`,
      );
    s.grads.forEach((_, k) => {
      const d = diff(gpu[k + 1], cpu[k + 1]);
      if (!(d.normUlps <= c.tol.grad))
        problems.push(
          `gradient ${k} (fuse ${fuse}) ${d.normUlps.toFixed(2)} ulp > ${c.tol.grad}: ${JSON.stringify(d.worst)}`,
        );
    });
  }
  return problems;
}

/** Every case of every primitive, with and without fan-out; reports each as it finishes. */
export async function checkPrimitives(rt: GpuRuntime, report: (r: CheckResult) => void): Promise<void> {
  for (const prim of ALL_PRIMS) {
    const list = cases[prim];
    if (list.length === 0) report({ name: `${prim}: no case`, ok: false, detail: "primCases has no case" });
    for (const [i, c] of list.entries()) {
      for (const fanOut of [false, true]) {
        const name = `${prim} case ${i}${c.note ? ` (${c.note})` : ""}${fanOut ? " fan-out" : ""}`;
        const t0 = performance.now();
        try {
          const problems = await runCase(rt, c, fanOut);
          report({
            name,
            ok: problems.length === 0,
            detail: problems.join("; "),
            ms: performance.now() - t0,
          });
        } catch (e) {
          report({ name, ok: false, detail: `threw: ${(e as Error).message}`, ms: performance.now() - t0 });
        }
      }
    }
  }
}
