// Common-subexpression elimination finds equal ops through the readers of their newest
// input instead of text keys; these check it merges exactly what the plain definition does.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bigGraph } from "../../bench/graphs";
import { attrKey } from "../../src/backends/webgpu/attrKey";
import { eliminateCommonSubexpressions } from "../../src/backends/webgpu/cse";
import { buildTrainProgram } from "../../src/compile/program";
import { parseGraphDoc } from "../../src/graph/load";
import { IRBuilder } from "../../src/ir/builder";
import type { IRNode } from "../../src/ir/prims";

/** The definition: the first op with the same prim, shape, canonical inputs and attribute text. */
function reference(nodes: readonly IRNode[]): Int32Array {
  const canon = new Int32Array(nodes.length);
  const seen = new Map<string, number>();
  nodes.forEach((n, id) => {
    const key = `${n.prim}|${n.shape.join(",")}|${n.inputs.map((i) => canon[i]).join(",")}|${attrKey(n.attrs)}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, id);
    canon[id] = first ?? id;
  });
  return canon;
}

describe("common-subexpression elimination", () => {
  it("merges chains of duplicates, keeps different attributes, operand order and -0 apart", () => {
    const b = new IRBuilder();
    const x = b.input("x", [2, 3]);
    const y = b.input("y", [2, 3]);
    const a1 = x.add(y).exp().transpose([1, 0]);
    const a2 = x.add(y).exp().transpose([1, 0]); // merges with a1, step by step
    const swapped = y.add(x); // not merged: the IR does not assume commutativity
    const s0 = x.sum([0]);
    const s1 = x.sum([1]);
    const z = x.mul(0);
    const nz = x.mul(-0);
    const c1 = b.constant([1, 2, 3], [3]);
    const c2 = b.constant([1, 2, 3], [3]);
    const { canon, nodes } = eliminateCommonSubexpressions(b.nodes);
    expect(canon[a2.id]).toBe(a1.id);
    expect(canon[swapped.id]).toBe(swapped.id);
    expect(canon[s1.id]).toBe(s1.id);
    expect(canon[s0.id]).toBe(s0.id);
    expect(canon[nz.id]).not.toBe(canon[z.id]);
    expect(canon[c2.id]).toBe(c1.id);
    // Inputs are rewired to the kept ops.
    for (const n of nodes) for (const i of n.inputs) expect(canon[i]).toBe(i);
    expect(Array.from(canon)).toEqual(Array.from(reference(b.nodes)));
  });

  it("agrees with the definition on every preset's training step and the 200-block graph", () => {
    const programs: [string, readonly IRNode[]][] = [];
    for (const f of readdirSync("presets").filter((f) => f.endsWith(".json"))) {
      const r = parseGraphDoc(readFileSync(join("presets", f), "utf8"));
      if (!r.ok) throw new Error(`${f} does not load`);
      try {
        programs.push([f, buildTrainProgram(r.doc, 4).nodes]);
      } catch {
        // Presets without a loss have no training step; their forward programs are covered elsewhere.
      }
    }
    programs.push(["bigGraph", buildTrainProgram(bigGraph(), 32).nodes]);
    expect(programs.length).toBeGreaterThan(10);
    let merged = 0;
    for (const [name, nodes] of programs) {
      const { canon } = eliminateCommonSubexpressions(nodes);
      expect(Array.from(canon), name).toEqual(Array.from(reference(nodes)));
      merged += canon.filter((c, id) => c !== id).length;
    }
    expect(merged).toBeGreaterThan(0);
  });
});
