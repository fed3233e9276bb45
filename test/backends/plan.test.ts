import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type BufferPlan, planProgram } from "../../src/backends/webgpu/plan";
import { buildTrainProgram } from "../../src/compile/program";
import { parseGraphDoc } from "../../src/graph/load";
import { IRBuilder } from "../../src/ir/builder";

// The planner without a GPU: buffer reuse must never hand a buffer to a new value while an
// old one in it is still to be read, and fusion and reuse must actually save something.

function preset(name: string) {
  const r = parseGraphDoc(readFileSync(join(__dirname, "../../presets", `${name}.json`), "utf8"), name);
  if (!r.ok) throw new Error(name);
  return r.doc;
}

/**
 * Replays the plan, tracking which value each transient buffer holds: every read must find
 * its value still there, no kernel may write a buffer it reads, and the outputs must
 * survive to the end.
 */
function checkLiveness(plan: BufferPlan, outputs: number[]): void {
  const holds = new Map<number, number>();
  const bufOf = (v: number) => plan.storages.get(v)!;
  for (const k of plan.kernels) {
    for (const r of k.reads) {
      const s = bufOf(r);
      if (s.kind === "transient") expect(holds.get(s.buffer), `${k.label} reads %${r}`).toBe(r);
    }
    for (const v of k.writes) {
      const w = bufOf(v);
      if (w.kind !== "transient") continue;
      for (const r of k.reads) {
        const s = bufOf(r);
        if (s.kind === "transient")
          expect(s.buffer, `${k.label} writes a buffer it reads`).not.toBe(w.buffer);
      }
      holds.set(w.buffer, v);
    }
  }
  for (const o of outputs) {
    const s = bufOf(plan.resultOf(o));
    if (s.kind === "transient") expect(holds.get(s.buffer), `output %${o}`).toBe(plan.resultOf(o));
  }
}

describe("buffer plan", () => {
  it("on a software adapter a big matmul's Bᵀ is copied contiguous first, into a planned scratch", () => {
    const b = new IRBuilder();
    const x = b.input("x", [128, 40]);
    const w = b.input("w", [48, 40]); // a Linear layer's [out, in] weight, read as Wᵀ
    const y = x.matmul(w.T).exp();
    const small = b.input("s", [8, 40]).matmul(w.T); // m < 64: read in place
    const hw = planProgram(b.nodes, [y.id, small.id]);
    const sw = planProgram(b.nodes, [y.id, small.id], { software: true });
    const copies = (p: BufferPlan) => p.kernels.filter((k) => k.label.includes("B made contiguous"));
    expect(copies(hw)).toHaveLength(0);
    expect(copies(sw)).toHaveLength(1);
    const [copy] = copies(sw);
    const mm = sw.kernels[sw.kernels.indexOf(copy) + 1];
    expect(mm.reads).toContain(copy.writes[0]);
    expect(mm.reads).not.toContain(w.id);
    expect(sw.storages.get(copy.writes[0])).toMatchObject({ kind: "transient", bytes: 4 * 40 * 48 });
    checkLiveness(sw, [y.id, small.id]);
  });
  it("a chain of elementwise ops ping-pongs between two buffers, or fuses into one kernel", () => {
    const b = new IRBuilder();
    let y = b.input("x", [64, 64]);
    for (let k = 0; k < 10; k++) y = k % 2 ? y.exp() : y.sin();
    const unfused = planProgram(b.nodes, [y.id], { fuse: false });
    checkLiveness(unfused, [y.id]);
    expect(unfused.kernels.length).toBe(10);
    expect(unfused.buffers.length).toBe(2);
    expect(unfused.stats.plannedBytes).toBe(2 * 64 * 64 * 4);
    expect(unfused.stats.naiveBytes).toBe(10 * 64 * 64 * 4);
    const fused = planProgram(b.nodes, [y.id]);
    expect(fused.kernels.length).toBe(1);
  });

  it("common subexpressions: equal ops merge, constants that JSON writes alike do not", () => {
    const b = new IRBuilder();
    const x = b.input("x", [4]);
    const outs = [x.exp().add(1), x.exp().add(1), x.mul(0), x.mul(-0), x.add(Number.NaN), x.add(Infinity)];
    const p = planProgram(
      b.nodes,
      outs.map((t) => t.id),
    );
    expect(p.resultOf(outs[0].id)).toBe(p.resultOf(outs[1].id));
    const apart = outs.slice(1).map((t) => p.resultOf(t.id));
    expect(new Set(apart).size).toBe(apart.length);
  });

  it("transposes feeding a matmul are read in place", () => {
    const b = new IRBuilder();
    const a = b.input("a", [5, 3]);
    const w = b.input("w", [4, 3]);
    const y = a.matmul(w.T);
    const plan = planProgram(b.nodes, [y.id]);
    expect(plan.kernels.map((k) => k.label)).toEqual([`%${y.id} matmul`]);
  });

  it("a variable update that reads another updated variable gets its own copy", () => {
    const b = new IRBuilder();
    const p = b.variable("p", [3]);
    const q = b.variable("q", [3]);
    // A swap: written back one after the other, the second would read the first's new value.
    const plan = planProgram(b.nodes, [q.id, p.id], { detach: [q.id, p.id] });
    expect(plan.resultOf(q.id)).not.toBe(q.id);
    expect(plan.storages.get(plan.resultOf(q.id))!.kind).toBe("transient");
  });

  for (const name of ["linear-regression", "xor-mlp", "spiral-mlp"]) {
    it(`${name}: the training step's plan keeps every value alive until its last read`, () => {
      const prog = buildTrainProgram(preset(name), 32);
      const outs = [prog.loss!, ...prog.metrics.values(), ...prog.updates.values()];
      for (const fuse of [false, true]) {
        const plan = planProgram(prog.nodes, outs, { fuse });
        checkLiveness(plan, outs);
        expect(plan.stats.plannedBytes).toBeLessThan(plan.stats.naiveBytes);
      }
      const plan = planProgram(prog.nodes, outs, { updates: prog.updates });
      checkLiveness(plan, outs);
      const fused = plan.stats;
      const unfused = planProgram(prog.nodes, outs, { fuse: false }).stats;
      expect(fused.kernels).toBeLessThan(unfused.kernels);
      // Every optimiser update is the last reader of its variable: written in place, no copy.
      for (const [name, u] of prog.updates) {
        const s = plan.storages.get(plan.resultOf(u))!;
        expect([s.kind, s.name], name).toEqual(["variable", name]);
      }
      if (process.env.WIREGRAD_MEASURE) {
        console.log(`MEASURE plan ${name} fused ${JSON.stringify(fused)} unfused ${JSON.stringify(unfused)}`);
      }
    });
  }
});
