// The parity cases: every primitive, forward and the gradient program autodiff emits for it,
// on inputs chosen to reach each kernel's paths (tails of tiles, vec4 and scalar loads,
// strided views, the serial and tree reductions, split concats). Typed by Prim, so a
// primitive added without a case does not compile.

import type { InputDomain } from "../../nodes/types";
import { grad } from "../../src/autodiff/grad";
import { IRBuilder, type Tensor } from "../../src/ir/builder";
import type { Prim } from "../../src/ir/prims";
import { SeededRandom } from "../../src/ir/rng";
import { drawValues } from "../helpers/blockHarness";

/**
 * How far WebGPU may be from the CPU (Float32), in float32 ulps, and why.
 * fwd: per element, against ulp(cpu value). grad: against ε·max|cpu| over the gradient
 * tensor (norm-wise), because backward passes subtract (1 − y², a − max) and elementwise
 * relative error is meaningless where a result cancels to near zero.
 */
export interface Tol {
  fwd: number;
  grad: number;
  /** Check the forward value norm-wise too (sums and dot products, where results cancel). */
  fwdNorm?: boolean;
  why: string;
}

/**
 * Sums and dot products of k terms. Each backend rounds once per term (the CPU's double
 * accumulation rounds to f32 once per step; the GPU's fma is not fused on SwiftShader, or
 * the tree adds in another order), so each is within a random-walk √k·ε of the exact sum,
 * measured against the largest partial sum, which for these N(0,1) inputs is about the
 * largest output; two backends, hence 2·√k ulps of max|output|.
 */
export function dot(k: number): Tol {
  const t = Math.ceil(2 * Math.sqrt(k));
  return {
    fwd: t,
    grad: t,
    fwdNorm: true,
    why: `${k}-term sums on both backends: each within √k·ε of the exact value norm-wise, 2√k = ${t} ulps for two`,
  };
}

export interface GpuCase {
  note?: string;
  inputs: { shape: number[]; domain?: InputDomain; grad?: false }[];
  apply: (b: IRBuilder, xs: Tensor[]) => Tensor;
  tol: Tol;
}

export const EXACT: Tol = {
  fwd: 0,
  grad: 0,
  why:
    "moves, selects or compares values, or rounds once per IEEE add/sub/mul/div/sqrt, and sums " +
    "in the CPU's order: both backends must produce the same bits",
};

/** Builtin division and sqrt: WGSL allows 2.5 ulp for x/y; SwiftShader measures ≤ 0.67 ulp. */
const DIVISION: Tol = {
  fwd: 1,
  grad: 4,
  why:
    "WGSL allows division 2.5 ulp and SwiftShader's is within 0.67 (0 on these inputs), the CPU's is " +
    "correctly rounded: 1 ulp forward; the backward divides twice more (d(a/b)/db = −(a/b)/b)",
};

/** Our WGSL exp/log/sin/cos/tanh/sigmoid/erf: ≤ 2.5 ulp each (parity.test.ts, "maths library"). */
const TRANSCENDENTAL: Tol = {
  fwd: 3,
  grad: 8,
  why:
    "the WGSL maths library is within 2.5 ulp of the true value and the CPU within 0.5, so 3 ulp per " +
    "element forward; the backward chains one or two such functions with products and a subtraction " +
    "(1 − y², 1 − σ), whose error is bounded norm-wise by a few ulp of the gradient's scale",
};

/**
 * Box–Muller normals, sqrt(−2·log u1)·cos(2π·u2), scaled and shifted (x·n + u): WGSL lets sqrt
 * inherit 1/inverseSqrt's bounds (2 ulp, then a 2.5-ulp division), far looser than
 * SwiftShader's correctly rounded sqrt, and NVIDIA's Vulkan driver uses that freedom (5 ulp
 * measured on an H100); with our log and cos (2.5 each) that bounds n within ~8 ulp. The sum
 * x·n + u can cancel, so it is judged against the tensor's scale (norm-wise).
 */
const RANDOM: Tol = {
  fwd: 8,
  grad: 8,
  fwdNorm: true,
  why:
    "Box–Muller through WGSL sqrt (inherits 1/inverseSqrt: up to 4.5 ulp on real GPUs), our log and " +
    "cos (2.5 ulp each): ≤ 8 ulp of the normal draw, norm-wise because x·n + u can cancel",
};

const un = (p: Prim, tol: Tol, domain?: InputDomain): GpuCase[] => [
  { inputs: [{ shape: [7, 9], domain }], apply: (b, [x]) => b.emit(p, [x], {} as never), tol },
];
const bin = (p: Prim, tol: Tol, da?: InputDomain, db?: InputDomain): GpuCase[] => [
  {
    inputs: [
      { shape: [5, 6], domain: da },
      { shape: [5, 6], domain: db },
    ],
    apply: (b, [x, y]) => b.emit(p, [x, y], {} as never),
    tol,
  },
  {
    note: "broadcast",
    inputs: [
      { shape: [2, 3, 4], domain: da },
      { shape: [3, 1], domain: db },
    ],
    apply: (b, [x, y]) => b.emit(p, [x, y], {} as never),
    tol,
  },
];
const W = { kh: 2, kw: 3, sh: 1, sw: 2, ph: 1, pw: 1, dh: 1, dw: 1 };
const intIdx: InputDomain = { kind: "values", data: [2, 0, 2, 1] };

export const cases: { [P in Prim]: GpuCase[] } = {
  neg: un("neg", EXACT),
  recip: un("recip", DIVISION, { kind: "positive" }),
  exp: un("exp", TRANSCENDENTAL),
  log: un("log", TRANSCENDENTAL, { kind: "positive", min: 0.01, max: 10 }),
  sin: un("sin", TRANSCENDENTAL, { kind: "normal", scale: 4 }),
  cos: un("cos", TRANSCENDENTAL, { kind: "normal", scale: 4 }),
  sqrt: un("sqrt", DIVISION, { kind: "positive", min: 0.01, max: 10 }),
  tanh: un("tanh", TRANSCENDENTAL, { kind: "normal", scale: 3 }),
  sigmoid: un("sigmoid", TRANSCENDENTAL, { kind: "normal", scale: 5 }),
  abs: un("abs", EXACT),
  sign: un("sign", EXACT),
  floor: un("floor", EXACT, { kind: "normal", scale: 3 }),
  erf: un("erf", TRANSCENDENTAL, { kind: "normal", scale: 2 }),
  stop_gradient: [{ inputs: [{ shape: [3, 4] }], apply: (_b, [x]) => x.stopGradient().mul(x), tol: EXACT }],
  add: bin("add", EXACT),
  sub: bin("sub", EXACT),
  mul: bin("mul", EXACT),
  div: bin("div", DIVISION, undefined, { kind: "positive" }),
  pow: bin(
    "pow",
    {
      fwd: 10,
      grad: 30,
      why:
        "a^b = exp(b·log a): log's 1-ulp relative error becomes an absolute error of |b·ln a|·ε in the " +
        "exponent (|b·ln a| < 8 for a ∈ [0.2, 3], |b| < 5), i.e. that many ulp of the result, plus exp's 2; " +
        "the backward also takes a^(b−1) and log a, three such values",
    },
    { kind: "positive", min: 0.2, max: 3 },
    { kind: "normal", scale: 1.5 },
  ),
  max: bin("max", EXACT),
  min: bin("min", EXACT),
  lt: bin("lt", EXACT),
  eq: [
    {
      inputs: [
        { shape: [4, 5], domain: { kind: "int", max: 3 } },
        { shape: [4, 5], domain: { kind: "int", max: 3 } },
      ],
      apply: (b, [x, y]) => b.emit("eq", [x, y], {}).mul(x),
      tol: EXACT,
    },
  ],
  where: [
    {
      note: "broadcast",
      inputs: [{ shape: [3, 1], domain: { kind: "int", max: 2 } }, { shape: [3, 4] }, { shape: [4] }],
      apply: (b, [c, x, y]) => b.where(c, x, y),
      tol: EXACT,
    },
  ],
  sum: [
    { inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.sum([0, 2]), tol: EXACT },
    { note: "keepdims", inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.sum(1, true), tol: EXACT },
    {
      note: "transposed input read in place",
      inputs: [{ shape: [6, 5] }],
      apply: (_b, [x]) => x.T.sum(1),
      tol: EXACT,
    },
    {
      note: "long reduction (workgroup tree)",
      inputs: [{ shape: [3, 2048] }],
      apply: (_b, [x]) => x.sum(1),
      tol: dot(2048),
    },
  ],
  reduce_max: [
    { inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.reduceMax(2), tol: EXACT },
    {
      note: "keepdims",
      inputs: [{ shape: [2, 3, 4] }],
      apply: (_b, [x]) => x.reduceMax([0, 1], true),
      tol: EXACT,
    },
    {
      note: "long reduction (workgroup tree)",
      inputs: [{ shape: [4096] }],
      apply: (_b, [x]) => x.reduceMax(0),
      tol: EXACT,
    },
  ],
  reshape: [
    { inputs: [{ shape: [2, 6] }], apply: (_b, [x]) => x.reshape([3, 4]).exp(), tol: TRANSCENDENTAL },
  ],
  transpose: [{ inputs: [{ shape: [2, 3, 4] }], apply: (_b, [x]) => x.transpose([2, 0, 1]), tol: EXACT }],
  broadcast: [{ inputs: [{ shape: [3, 1] }], apply: (_b, [x]) => x.broadcastTo([2, 3, 4]), tol: EXACT }],
  slice: [
    {
      inputs: [{ shape: [4, 5] }],
      apply: (b, [x]) => b.emit("slice", [x], { starts: [1, 0], ends: [3, 4] }),
      tol: EXACT,
    },
  ],
  pad: [
    {
      inputs: [{ shape: [2, 3] }],
      apply: (b, [x]) => b.emit("pad", [x], { before: [1, 0], after: [0, 2], value: 0.5 }),
      tol: EXACT,
    },
  ],
  concat: [
    { inputs: [{ shape: [2, 3] }, { shape: [2, 2] }], apply: (b, xs) => b.concat(xs, 1), tol: EXACT },
    {
      note: "more inputs than a kernel may bind",
      inputs: Array.from({ length: 13 }, (_, k) => ({ shape: [2, 1 + (k % 3), 2] })),
      apply: (b, xs) => b.concat(xs, 1),
      tol: EXACT,
    },
  ],
  gather: [
    {
      inputs: [{ shape: [2, 3, 2] }, { shape: [4], domain: intIdx, grad: false }],
      apply: (_b, [x, i]) => x.gather(i, 1),
      tol: EXACT,
    },
    {
      note: "repeated indices accumulate",
      inputs: [
        { shape: [3, 2] },
        { shape: [2, 2], domain: { kind: "values", data: [1, 1, 0, 1] }, grad: false },
      ],
      apply: (_b, [x, i]) => x.gather(i, 0),
      tol: EXACT,
    },
  ],
  scatter_add: [
    {
      inputs: [{ shape: [2, 4, 2] }, { shape: [4], domain: intIdx, grad: false }],
      apply: (b, [g, i]) => b.emit("scatter_add", [g, i], { axis: 1, size: 3 }),
      tol: EXACT,
    },
  ],
  matmul: [
    { inputs: [{ shape: [3, 4] }, { shape: [4, 2] }], apply: (_b, [a, c]) => a.matmul(c), tol: dot(4) },
    {
      note: "broadcast",
      inputs: [{ shape: [2, 3, 4] }, { shape: [4, 2] }],
      apply: (_b, [a, c]) => a.matmul(c),
      tol: dot(6), // the backward of B sums over the batch too: 2·3 terms
    },
    {
      note: "tile tails, scalar loads",
      inputs: [{ shape: [37, 53] }, { shape: [53, 29] }],
      apply: (_b, [a, c]) => a.matmul(c),
      tol: dot(53),
    },
    {
      note: "vec4 loads, batch broadcast on both sides",
      inputs: [{ shape: [2, 1, 9, 12] }, { shape: [3, 12, 16] }],
      apply: (_b, [a, c]) => a.matmul(c),
      tol: dot(18), // forward k = 12; the backward of B sums 2·9 rows
    },
    {
      note: "transposed operand read in place",
      inputs: [{ shape: [8, 5] }, { shape: [8, 6] }],
      apply: (_b, [a, c]) => a.T.matmul(c),
      tol: dot(8),
    },
    // The software adapter's 8×8-block kernel: tails in m, n and k (k % 4 after the unrolled loop).
    {
      note: "1×1",
      inputs: [{ shape: [1, 1] }, { shape: [1, 1] }],
      apply: (_b, [a, c]) => a.matmul(c),
      tol: dot(1),
    },
    {
      note: "5×7·7×3",
      inputs: [{ shape: [5, 7] }, { shape: [7, 3] }],
      apply: (_b, [a, c]) => a.matmul(c),
      tol: dot(7),
    },
    {
      note: "33×65·65×17: one past a block in m, k and n",
      inputs: [{ shape: [33, 65] }, { shape: [65, 17] }],
      apply: (_b, [a, c]) => a.matmul(c),
      tol: dot(65),
    },
    {
      note: "vec4 B rows with half a block of columns left over",
      inputs: [{ shape: [41, 66] }, { shape: [66, 36] }],
      apply: (_b, [a, c]) => a.matmul(c),
      tol: dot(66),
    },
    {
      note: "batched A over a shared B, blocks with tails",
      inputs: [{ shape: [3, 34, 20] }, { shape: [20, 40] }],
      apply: (_b, [a, c]) => a.matmul(c),
      tol: dot(102), // the backward of B sums 3·34 rows
    },
    {
      note: "transposed A in blocks with tails",
      inputs: [{ shape: [70, 35] }, { shape: [70, 48] }],
      apply: (_b, [a, c]) => a.T.matmul(c),
      tol: dot(70),
    },
    {
      note: "transposed B in blocks with tails",
      inputs: [{ shape: [37, 50] }, { shape: [45, 50] }],
      apply: (_b, [a, c]) => a.matmul(c.T),
      tol: dot(50),
    },
    // On a software adapter a Bᵀ with m ≥ 64 is first copied contiguous (kernels.ts).
    {
      note: "transposed B copied contiguous, tails",
      inputs: [{ shape: [70, 41] }, { shape: [38, 41] }],
      apply: (_b, [a, c]) => a.matmul(c.T),
      tol: dot(70), // the backward of B sums 70 rows
    },
    {
      note: "batched A over a shared transposed B",
      inputs: [{ shape: [2, 66, 24] }, { shape: [33, 24] }],
      apply: (_b, [a, c]) => a.matmul(c.T),
      tol: dot(132), // the backward of B sums 2·66 rows
    },
  ],
  unfold: [
    { inputs: [{ shape: [2, 2, 4, 5] }], apply: (_b, [x]) => x.unfold(W), tol: EXACT },
    {
      note: "stride 2, dilation 2",
      inputs: [{ shape: [1, 1, 6, 6] }],
      apply: (_b, [x]) => x.unfold({ kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 1, dh: 2, dw: 2 }),
      tol: EXACT,
    },
    {
      note: "max pooling pads with -Infinity",
      inputs: [{ shape: [1, 2, 5, 5] }],
      apply: (_b, [x]) =>
        x
          .unfold({ kh: 2, kw: 2, sh: 2, sw: 2, ph: 1, pw: 1, dh: 1, dw: 1 }, Number.NEGATIVE_INFINITY)
          .reduceMax([2, 3]),
      tol: EXACT,
    },
  ],
  fold: [
    {
      inputs: [{ shape: [2, 2, 2, 3, 5, 3] }],
      apply: (b, [c]) => b.emit("fold", [c], { ...W, height: 4, width: 5 }),
      tol: EXACT,
    },
  ],
  const: [{ inputs: [{ shape: [3] }], apply: (b, [x]) => x.mul(b.constant([1, 2, 3], [3])), tol: EXACT }],
  input: [{ inputs: [{ shape: [3] }], apply: (_b, [x]) => x, tol: EXACT }],
  variable: [{ inputs: [{ shape: [3] }], apply: (b, [x]) => x.mul(b.variable("v", [3])), tol: EXACT }],
  random: [
    {
      inputs: [{ shape: [3, 4] }],
      apply: (b, [x]) => x.mul(b.random([3, 4], "normal")).add(b.random([4], "uniform")),
      tol: RANDOM,
    },
  ],
};

/**
 * The program every parity check runs for a case: y = case(x), an objective y·r with a fixed
 * random r, and the gradients autodiff emits for the differentiable inputs. Fan-out: the first
 * input and the output each feed two consumers. Shared by Vitest, the browser page and
 * scripts/gpu-check.ts so all three judge the same program.
 */
export function buildCaseProgram(c: GpuCase, fanOut: boolean) {
  const b = new IRBuilder();
  const rng = new SeededRandom(7, 2);
  const feeds: Record<string, Float32Array> = {};
  const xs = c.inputs.map((inp, i) => {
    feeds[`x${i}`] = Float32Array.from(drawValues(inp.domain, inp.shape, rng));
    return b.input(`x${i}`, inp.shape);
  });
  const y = c.apply(b, xs);
  const r = b.constant(Float32Array.from(drawValues(undefined, [...y.shape], rng)), [...y.shape]);
  let obj = y.mul(r).sum();
  if (fanOut) obj = obj.add(y.square().mul(r).sum().mul(0.25)).add(xs[0].mul(xs[0]).sum().mul(0.1));
  const wrt = c.inputs.flatMap((inp, i) =>
    inp.grad === false || ["int", "values"].includes(inp.domain?.kind ?? "") ? [] : [xs[i]],
  );
  const grads = grad(b, obj, wrt);
  return {
    nodes: b.nodes,
    y: y.id,
    grads: grads.map((g) => g.id),
    feeds,
    variables: { v: Float32Array.from([0.5, -1, 2]) },
  };
}
