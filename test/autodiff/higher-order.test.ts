import { describe, expect, it } from "vitest";
import { grad } from "../../src/autodiff/grad";
import { executeCpu } from "../../src/backends/cpu/executor";
import { IRBuilder } from "../../src/ir/builder";

const run = (b: IRBuilder, ids: number[], feeds: Record<string, number[]>) =>
  executeCpu(b.nodes, ids, { dtype: "f64", feeds, variables: {}, seed: 0, step: 0 }).map((v) =>
    Array.from(v),
  );

describe("grad of grad (the transform applies to its own output)", () => {
  it("d²/dx² sin x = −sin x", () => {
    const b = new IRBuilder();
    const x = b.input("x", [5]);
    const y = x.sin().sum();
    const [dx] = grad(b, y, [x]);
    const [ddx] = grad(b, dx.sum(), [x]);
    const xs = [-2, -0.5, 0, 1, 3];
    const [d1, d2] = run(b, [dx.id, ddx.id], { x: xs });
    xs.forEach((v, i) => {
      expect(d1[i]).toBeCloseTo(Math.cos(v), 12);
      expect(d2[i]).toBeCloseTo(-Math.sin(v), 12);
    });
  });

  it("third derivative of x⁴ is 24x", () => {
    const b = new IRBuilder();
    const x = b.input("x", []);
    let d = x.pow(4);
    for (let k = 0; k < 3; k++) d = grad(b, d, [x])[0];
    const [v] = run(b, [d.id], { x: [1.5] });
    expect(v[0]).toBeCloseTo(24 * 1.5, 10);
  });

  it("Hessian-vector product of f(x) = ½ xᵀAx + Σ sin(xᵢ) equals (A + diag(−sin x)) v", () => {
    const A = [
      [2, 1, 0],
      [1, 3, -1],
      [0, -1, 4],
    ];
    const xs = [0.3, -1.2, 2];
    const vs = [1, -2, 0.5];
    const b = new IRBuilder();
    const x = b.input("x", [3, 1]);
    const a = b.constant(A.flat(), [3, 3]);
    const f = x.T.matmul(a.matmul(x)).mul(0.5).sum().add(x.sin().sum());
    const [g] = grad(b, f, [x]);
    const v = b.input("v", [3, 1]);
    // HVP = ∇(∇f · v): differentiate the directional derivative again.
    const [hvp] = grad(b, g.mul(v).sum(), [x]);
    const [out] = run(b, [hvp.id], { x: xs, v: vs });
    const expected = A.map(
      (row, i) => row.reduce((s, aij, j) => s + aij * vs[j], 0) - Math.sin(xs[i]) * vs[i],
    );
    out.forEach((o, i) => {
      expect(o).toBeCloseTo(expected[i], 10);
    });
  });

  it("fan-out accumulates: d/dx (x·x + x) = 2x + 1", () => {
    const b = new IRBuilder();
    const x = b.input("x", []);
    const [dx] = grad(b, x.mul(x).add(x), [x]);
    expect(run(b, [dx.id], { x: [3] })[0][0]).toBe(7);
  });

  it("stop_gradient blocks the path it is on only", () => {
    const b = new IRBuilder();
    const x = b.input("x", []);
    const [dx] = grad(b, x.mul(x.stopGradient()), [x]);
    expect(run(b, [dx.id], { x: [3] })[0][0]).toBe(3);
  });

  it("a value the output does not depend on gets a zero gradient", () => {
    const b = new IRBuilder();
    const x = b.input("x", [2]);
    const z = b.input("z", [2]);
    const [dz] = grad(b, x.sum(), [z]);
    expect(run(b, [dz.id], { x: [1, 2], z: [3, 4] })[0]).toEqual([0, 0]);
  });
});
