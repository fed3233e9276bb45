import { describe, expect, it } from "vitest";
import { analyze } from "../../src/compile/analyze";
import { formatProblem } from "../../src/compile/problems";
import { doc, e, n } from "../helpers/docs";

describe("graph analysis: shapes and problems pinned to node and port", () => {
  it("infers shapes along a chain with the batch symbolic", () => {
    const a = analyze(
      doc(
        [n("x", "Input", { shape: [784] }), n("fc", "Linear", { out_features: 10 }), n("act", "ReLU")],
        [e("x.out", "fc.in"), e("fc.out", "act.in")],
      ),
    );
    expect(a.problems).toEqual([]);
    expect(a.nodes.get("fc")!.shapes).toEqual({ out: ["B", 10] });
    expect(a.nodes.get("fc")!.weights.weight.shape).toEqual([10, 784]);
    expect(a.order).toEqual(["x", "fc", "act"]);
  });

  it("names node, port, expected and actual on a shape error, once", () => {
    const a = analyze(
      doc(
        [
          n("x", "Input", { shape: [3] }),
          n("y", "Input", { shape: [4] }),
          n("sum", "Add"),
          n("after", "ReLU"),
        ],
        [e("x.out", "sum.a"), e("y.out", "sum.b"), e("sum.out", "after.in")],
      ),
    );
    expect(a.problems).toHaveLength(1);
    const [p] = a.problems;
    expect(p.node).toBe("sum");
    expect(p.port).toBe("b");
    expect(p.actual).toBe("[B, 4]");
    expect(p.expected).toMatch(/\[B, 3\]/);
    expect(formatProblem(p)).toMatch(/^sum\.b: shapes \[B, 3\] and \[B, 4\] do not broadcast/);
  });

  it("reports unknown types, bad params, unknown ports and cycles", () => {
    const a = analyze(
      doc(
        [n("a", "Nope"), n("fc", "Linear", { out_features: "ten" }), n("r1", "ReLU"), n("r2", "ReLU")],
        [e("r1.out", "r2.in"), e("r2.out", "r1.in"), e("r1.out", "fc.input")],
      ),
    );
    const lines = a.problems.map(formatProblem);
    expect(lines).toContain('a: unknown block type "Nope"');
    expect(lines.some((l) => /^fc\.out_features: out_features: expected a number/.test(l))).toBe(true);
    expect(lines.some((l) => /^fc\.input: Linear has no input "input"/.test(l))).toBe(true);
    expect(lines.filter((l) => /cycle/.test(l))).toHaveLength(2);
  });

  it("reports an unconnected required input at that port", () => {
    const a = analyze(doc([n("fc", "Linear")], []));
    expect(a.problems.map(formatProblem)).toEqual(['fc.in: input "in" is not connected']);
  });
});
