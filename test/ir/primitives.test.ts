import { describe, expect, it } from "vitest";
import type { InputDomain } from "../../nodes/types";
import { grad } from "../../src/autodiff/grad";
import { executeCpu } from "../../src/backends/cpu/executor";
import { gradcheck } from "../../src/compile/gradcheck";
import { IRBuilder, type Tensor } from "../../src/ir/builder";
import { ALL_PRIMS, type Prim } from "../../src/ir/prims";
import { SeededRandom } from "../../src/ir/rng";
import { drawValues } from "../helpers/blockHarness";

// Every primitive, checked against central differences in Float64, with a broadcast case
// for every broadcasting op and a fan-out case (one value used twice) for every op.
// The table is typed by Prim, so a primitive added without a case does not compile.

interface PrimCase {
  note?: string;
  /** The op passes no gradient by definition (stop_gradient): check it is exactly zero. */
  zeroGrad?: true;
  inputs: { shape: number[]; domain?: InputDomain; grad?: false }[];
  apply: (b: IRBuilder, xs: Tensor[]) => Tensor;
}

const un = (p: Prim, domain?: InputDomain): PrimCase[] => [
  { inputs: [{ shape: [3, 4], domain }], apply: (b, [x]) => b.emit(p, [x], {} as never) },
];
const bin = (p: Prim, da?: InputDomain, db?: InputDomain): PrimCase[] => [
  {
    inputs: [
      { shape: [3, 4], domain: da },
      { shape: [3, 4], domain: db },
    ],
    apply: (b, [x, y]) => b.emit(p, [x, y], {} as never),
  },
  {
    note: "broadcast",
    inputs: [
      { shape: [2, 3, 4], domain: da },
      { shape: [3, 1], domain: db },
    ],
    apply: (b, [x, y]) => b.emit(p, [x, y], {} as never),
  },
];
const W = { kh: 2, kw: 3, sh: 1, sw: 2, ph: 1, pw: 1, dh: 1, dw: 1 };
const intIdx: InputDomain = { kind: "values", data: [2, 0, 2, 1] };

const cases: { [P in Prim]: PrimCase[] } = {
  neg: un("neg"),
  recip: un("recip", { kind: "positive" }),
  exp: un("exp"),
  log: un("log", { kind: "positive" }),
  sin: un("sin"),
  cos: un("cos"),
  sqrt: un("sqrt", { kind: "positive" }),
  tanh: un("tanh"),
  sigmoid: un("sigmoid"),
  abs: un("abs"),
  sign: un("sign"),
  floor: un("floor"),
  erf: un("erf"),
  stop_gradient: [{ zeroGrad: true, inputs: [{ shape: [3, 4] }], apply: (_b, [x]) => x.stopGradient() }],
  add: bin("add"),
  sub: bin("sub"),
  mul: bin("mul"),
  div: bin("div", undefined, { kind: "positive" }),
  pow: bin("pow", { kind: "positive" }),
  max: bin("max"),
  min: bin("min"),
  lt: bin("lt"),
  eq: bin("eq"),
  where: [
    {
      note: "broadcast",
      inputs: [{ shape: [3, 1], domain: { kind: "int", max: 2 } }, { shape: [3, 4] }, { shape: [4] }],
      apply: (b, [c, x, y]) => b.where(c, x, y),
    },
  ],
  sum: [
    { inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.sum([0, 2]) },
    { inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.sum(1, true), note: "keepdims" },
  ],
  reduce_max: [
    { inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.reduceMax(2) },
    { inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.reduceMax([0, 1], true), note: "keepdims" },
  ],
  reshape: [{ inputs: [{ shape: [2, 6] }], apply: (_b, [x]) => x.reshape([3, 4]) }],
  transpose: [{ inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.transpose([2, 0, 1]) }],
  broadcast: [{ inputs: [{ shape: [3, 1] }], apply: (_b, [x]) => x.broadcastTo([2, 3, 4]) }],
  slice: [
    {
      inputs: [{ shape: [4, 5] }],
      apply: (b, [x]) => b.emit("slice", [x], { starts: [1, 0], ends: [3, 4] }),
    },
  ],
  pad: [
    {
      inputs: [{ shape: [2, 3] }],
      apply: (b, [x]) => b.emit("pad", [x], { before: [1, 0], after: [0, 2], value: 0.5 }),
    },
  ],
  concat: [{ inputs: [{ shape: [2, 3] }, { shape: [2, 2] }], apply: (b, xs) => b.concat(xs, 1) }],
  gather: [
    {
      inputs: [{ shape: [2, 3, 2] }, { shape: [4], domain: intIdx, grad: false }],
      apply: (_b, [x, i]) => x.gather(i, 1),
    },
    {
      note: "repeated indices accumulate",
      inputs: [
        { shape: [3, 2] },
        { shape: [2, 2], domain: { kind: "values", data: [1, 1, 0, 1] }, grad: false },
      ],
      apply: (_b, [x, i]) => x.gather(i, 0),
    },
  ],
  scatter_add: [
    {
      inputs: [{ shape: [2, 4, 2] }, { shape: [4], domain: intIdx, grad: false }],
      apply: (b, [g, i]) => b.emit("scatter_add", [g, i], { axis: 1, size: 3 }),
    },
  ],
  matmul: [
    { inputs: [{ shape: [3, 4] }, { shape: [4, 2] }], apply: (_b, [a, c]) => a.matmul(c) },
    {
      note: "broadcast",
      inputs: [{ shape: [2, 3, 4] }, { shape: [4, 2] }],
      apply: (_b, [a, c]) => a.matmul(c),
    },
  ],
  unfold: [
    { inputs: [{ shape: [2, 2, 4, 5] }], apply: (_b, [x]) => x.unfold(W) },
    {
      note: "stride 2, dilation 2",
      inputs: [{ shape: [1, 1, 6, 6] }],
      apply: (_b, [x]) => x.unfold({ kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 1, dh: 2, dw: 2 }),
    },
  ],
  fold: [
    {
      inputs: [{ shape: [2, 2, 2, 3, 5, 3] }],
      apply: (b, [c]) => b.emit("fold", [c], { ...W, height: 4, width: 5 }),
    },
  ],
  const: [{ inputs: [{ shape: [3] }], apply: (b, [x]) => x.mul(b.constant([1, 2, 3], [3])) }],
  input: [{ inputs: [{ shape: [3] }], apply: (_b, [x]) => x }],
  variable: [{ inputs: [{ shape: [3] }], apply: (b, [x]) => x.mul(b.variable("v", [3])) }],
  random: [
    {
      inputs: [{ shape: [3, 4] }],
      apply: (b, [x]) => x.mul(b.random([3, 4], "normal")).add(b.random([4], "uniform")),
    },
  ],
};

function setup(c: PrimCase, fanOut: boolean) {
  const b = new IRBuilder();
  const rng = new SeededRandom(42, 1);
  const feeds: Record<string, Float64Array> = {};
  const xs = c.inputs.map((inp, i) => {
    feeds[`x${i}`] = drawValues(inp.domain, inp.shape, rng);
    return b.input(`x${i}`, inp.shape);
  });
  let y = c.apply(b, xs);
  const r = b.constant(drawValues(undefined, [...y.shape], rng), [...y.shape]);
  let obj = y.mul(r).sum();
  if (fanOut) {
    // The first input also feeds a second consumer, and the output is used twice.
    obj = obj.add(y.square().mul(r).sum().mul(0.25)).add(xs[0].mul(xs[0]).sum().mul(0.1));
  }
  y = obj;
  const targets = c.inputs
    .map((inp, i) => ({ inp, t: { name: `x${i}`, tensor: xs[i] } }))
    .filter(
      ({ inp }) =>
        inp.grad !== false && (inp.domain?.kind ?? "normal") !== "int" && inp.domain?.kind !== "values",
    )
    .map(({ t }) => t);
  return { b, obj: y, targets, feeds, variables: { v: Float64Array.from([0.5, -1, 2]) } };
}

describe("primitive gradients (central differences, Float64)", () => {
  for (const prim of ALL_PRIMS) {
    cases[prim].forEach((c, i) => {
      for (const fanOut of [false, true]) {
        it(`${prim} case ${i}${c.note ? ` (${c.note})` : ""}${fanOut ? " fan-out" : ""}`, () => {
          const s = setup(c, fanOut);
          if (c.zeroGrad) {
            const g = grad(
              s.b,
              s.obj,
              s.targets.map((t) => t.tensor),
            );
            const vals = executeCpu(
              s.b.nodes,
              g.map((t) => t.id),
              { dtype: "f64", feeds: s.feeds, variables: s.variables, seed: 0, step: 0 },
            );
            const expected = fanOut
              ? Array.from(s.feeds.x0, (v) => 0.2 * v)
              : Array.from(s.feeds.x0, () => 0);
            vals[0].forEach((v, k) => {
              expect(v).toBeCloseTo(expected[k], 12);
            });
            return;
          }
          const res = gradcheck(s.b, s.obj, s.targets, { feeds: s.feeds, variables: s.variables });
          for (const r of res)
            expect(r.ok, `${r.name}: ${JSON.stringify(r.worst)} err ${r.maxAbsErr}`).toBe(true);
        });
      }
    });
  }
  it("every case differentiates something or is a source", () => {
    const sources = new Set(["const", "input", "variable", "random"]);
    for (const p of ALL_PRIMS) expect(cases[p].length > 0 || sources.has(p)).toBe(true);
  });
});

describe("CPU kernels against direct definitions", () => {
  it("matmul", () => {
    const b = new IRBuilder();
    const y = b.constant([1, 2, 3, 4, 5, 6], [2, 3]).matmul(b.constant([1, 0, 0, 1, 1, 1], [3, 2]));
    const [v] = executeCpu(b.nodes, [y.id], { dtype: "f64", feeds: {}, variables: {}, seed: 0, step: 0 });
    expect(Array.from(v)).toEqual([4, 5, 10, 11]);
  });
  it("unfold then fold counts window coverage", () => {
    const b = new IRBuilder();
    const x = b.full([1, 1, 3, 3], 1);
    const cols = x.unfold({ kh: 2, kw: 2, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1 });
    const back = b.emit("fold", [cols], {
      kh: 2,
      kw: 2,
      sh: 1,
      sw: 1,
      ph: 0,
      pw: 0,
      dh: 1,
      dw: 1,
      height: 3,
      width: 3,
    });
    const [v] = executeCpu(b.nodes, [back.id], { dtype: "f64", feeds: {}, variables: {}, seed: 0, step: 0 });
    expect(Array.from(v)).toEqual([1, 2, 1, 2, 4, 2, 1, 2, 1]);
  });
  it("random numbers depend on seed and step, not on the run", () => {
    const b = new IRBuilder();
    const r = b.random([1000], "normal");
    const go = (seed: number, step: number) =>
      Array.from(executeCpu(b.nodes, [r.id], { dtype: "f64", feeds: {}, variables: {}, seed, step })[0]);
    expect(go(1, 0)).toEqual(go(1, 0));
    expect(go(1, 0)).not.toEqual(go(1, 1));
    expect(go(1, 0)).not.toEqual(go(2, 0));
    const v = go(3, 7);
    const mean = v.reduce((a, c) => a + c, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, c) => a + (c - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(sd - 1)).toBeLessThan(0.1);
  });
});
