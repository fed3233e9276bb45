// The local derivative each VJP rule applies, in words and as a formula, so the chain rule
// can be read off the screen: gradient of the input = adjoint × local derivative. The maths
// mirrors src/ir/vjp.ts rule by rule; the numbers come from the executed forward values, and
// the test checks adjoint × local = what the compiled backward IR produced.
import type { Prim, PrimAttrs } from "../../ir/prims";
import type { LocalDerivative } from "./types";
import { fmtNum } from "./values";

export interface LocalCtx<P extends Prim> {
  /** Operand names and, when scalar, values. */
  names: string[];
  x: (number | undefined)[];
  /** The op's output value when scalar. */
  y: number | undefined;
  yName: string;
  attrs: PrimAttrs[P];
  /** Whether operand i was broadcast up to the output's shape (its gradient is summed back). */
  broadcast: boolean[];
}

type Rule<P extends Prim> = (c: LocalCtx<P>, slot: number) => LocalDerivative;

/** A derivative whose value is a number when every operand is: "∂sin(x)/∂x = cos(x) = 0.5403". */
function num(
  c: LocalCtx<Prim>,
  slot: number,
  of: string,
  words: string,
  rhs: string,
  value: (x: number[], y: number) => number,
): LocalDerivative {
  const scalars = c.x.every((v) => v !== undefined) && c.y !== undefined;
  const v = scalars ? value(c.x as number[], c.y as number) : undefined;
  const head = `∂${of}/∂${c.names[slot]} = ${rhs}`;
  const tail = c.broadcast[slot] ? ", summed over the broadcast axes" : "";
  return {
    words: words + (c.broadcast[slot] ? "; the gradient is summed over the axes that were broadcast" : ""),
    formula: (v === undefined ? head : `${head} = ${fmtNum(v)}`) + tail,
    value: v,
  };
}

/** A linear rearrangement: the gradient is moved, not scaled. */
function moved(words: string, formula: string): LocalDerivative {
  return { words, formula };
}

const zero =
  (why: string): Rule<Prim> =>
  (c, slot) => ({
    words: `no gradient flows through ${why}`,
    formula: `∂${c.yName}/∂${c.names[slot]} = 0`,
    value: 0,
  });

const u = (c: LocalCtx<Prim>) => c.names[0];

export const localRules: { [P in Prim]: Rule<P> } = {
  neg: (c, s) => num(c, s, `(−${u(c)})`, "negation flips the sign", "−1", () => -1),
  recip: (c, s) =>
    num(c, s, `(1/${u(c)})`, "the reciprocal's slope is −1/u²", `−1/${u(c)}²`, ([a]) => -1 / (a * a)),
  exp: (c, s) =>
    num(c, s, `exp(${u(c)})`, "the exponential is its own derivative", `exp(${u(c)})`, (_, y) => y),
  log: (c, s) => num(c, s, `log(${u(c)})`, "the logarithm's slope is 1/u", `1/${u(c)}`, ([a]) => 1 / a),
  sin: (c, s) =>
    num(c, s, `sin(${u(c)})`, "the sine's slope is the cosine", `cos(${u(c)})`, ([a]) => Math.cos(a)),
  cos: (c, s) =>
    num(c, s, `cos(${u(c)})`, "the cosine's slope is minus the sine", `−sin(${u(c)})`, ([a]) => -Math.sin(a)),
  sqrt: (c, s) =>
    num(c, s, `√${u(c)}`, "the square root's slope is 1/(2√u)", `1/(2√${u(c)})`, (_, y) => 1 / (2 * y)),
  tanh: (c, s) =>
    num(c, s, `tanh(${u(c)})`, "tanh's slope is 1 − tanh²", `1 − tanh²(${u(c)})`, (_, y) => 1 - y * y),
  sigmoid: (c, s) =>
    num(
      c,
      s,
      `σ(${u(c)})`,
      "the sigmoid's slope is σ(1 − σ)",
      `σ(${u(c)})·(1 − σ(${u(c)}))`,
      (_, y) => y * (1 - y),
    ),
  abs: (c, s) =>
    num(c, s, `|${u(c)}|`, "the absolute value's slope is the sign", `sign(${u(c)})`, ([a]) => Math.sign(a)),
  sign: zero("sign (piecewise constant)"),
  floor: zero("floor (piecewise constant)"),
  erf: (c, s) =>
    num(
      c,
      s,
      `erf(${u(c)})`,
      "erf's slope is 2/√π · e^(−u²)",
      `2/√π · exp(−${u(c)}²)`,
      ([a]) => (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a),
    ),
  stop_gradient: zero("stop_gradient (treated as a constant)"),
  add: (c, s) => num(c, s, c.yName, "a sum passes its gradient through unchanged", "1", () => 1),
  sub: (c, s) =>
    s === 0
      ? num(c, s, c.yName, "a difference passes the gradient to its first operand unchanged", "1", () => 1)
      : num(c, s, c.yName, "and flips its sign for the second", "−1", () => -1),
  mul: (c, s) =>
    num(
      c,
      s,
      c.yName,
      "a product's slope in one factor is the other factor",
      c.names[1 - s],
      (x) => x[1 - s],
    ),
  div: (c, s) =>
    s === 0
      ? num(
          c,
          s,
          c.yName,
          "a quotient's slope in the numerator is 1/denominator",
          `1/${c.names[1]}`,
          (x) => 1 / x[1],
        )
      : num(
          c,
          s,
          c.yName,
          "and in the denominator −numerator/denominator²",
          `−${c.names[0]}/${c.names[1]}²`,
          (x) => -x[0] / (x[1] * x[1]),
        ),
  pow: (c, s) =>
    s === 0
      ? num(
          c,
          s,
          c.yName,
          "the power rule",
          `${c.names[1]}·${c.names[0]}^(${c.names[1]} − 1)`,
          ([a, b]) => b * a ** (b - 1),
        )
      : num(
          c,
          s,
          c.yName,
          "an exponential in the exponent (0 where the base is not positive)",
          `${c.names[0]}^${c.names[1]} · log ${c.names[0]}`,
          ([a], y) => (a > 0 ? y * Math.log(a) : 0),
        ),
  max: (c, s) =>
    num(
      c,
      s,
      c.yName,
      "the gradient goes to the larger operand (split evenly on a tie)",
      `1 if ${c.names[s]} is the larger, else 0`,
      ([a, b]) => (a === b ? 0.5 : (s === 0 ? a > b : b > a) ? 1 : 0),
    ),
  min: (c, s) =>
    num(
      c,
      s,
      c.yName,
      "the gradient goes to the smaller operand (split evenly on a tie)",
      `1 if ${c.names[s]} is the smaller, else 0`,
      ([a, b]) => (a === b ? 0.5 : (s === 0 ? a < b : b < a) ? 1 : 0),
    ),
  lt: zero("a comparison"),
  eq: zero("a comparison"),
  where: (c, s) =>
    s === 0
      ? zero("the condition")(c, s)
      : num(
          c,
          s,
          c.yName,
          `the gradient goes to the branch that was taken`,
          s === 1 ? `1 where ${c.names[0]}, else 0` : `1 where not ${c.names[0]}, else 0`,
          ([k]) => ((k !== 0) === (s === 1) ? 1 : 0),
        ),
  sum: (c, s) =>
    num(
      c,
      s,
      c.yName,
      `a sum's slope is 1 in every summed element: the gradient is copied back over axes [${c.attrs.axes.join(", ")}]`,
      "1 for every element",
      () => 1,
    ),
  reduce_max: (c) =>
    moved(
      "the gradient goes to the position of the maximum (shared on ties)",
      `1 at the arg-max of ${u(c)}, else 0`,
    ),
  reshape: (c) =>
    moved("a reshape moves no numbers: the gradient is reshaped back", `∂${c.yName}/∂${u(c)} = identity`),
  transpose: (c) =>
    moved(
      "a transpose moves numbers: the gradient is transposed back",
      `transpose back with the inverse of [${c.attrs.perm.join(", ")}]`,
    ),
  broadcast: (c) =>
    moved(
      "a broadcast copies: the gradient is summed over the copies",
      `sum over the broadcast axes of ${c.yName}`,
    ),
  slice: () =>
    moved(
      "a slice picks elements: the gradient is padded with zeros back to the full shape",
      "pad with zeros",
    ),
  pad: () => moved("padding adds constants: the gradient is sliced back", "slice out the unpadded part"),
  concat: (c, s) =>
    moved(
      "a concatenation stacks: each input gets its slice of the gradient",
      `slice ${s + 1} of ${c.names.length}`,
    ),
  gather: (c, s) =>
    s === 0
      ? moved("a gather picks rows: the gradient is scatter-added back to them", "scatter_add")
      : zero("indices")(c, s),
  scatter_add: (c, s) =>
    s === 0 ? moved("a scatter-add's adjoint is a gather of the gradient", "gather") : zero("indices")(c, s),
  matmul: (c, s) =>
    s === 0
      ? moved("for C = A @ B the gradient of A is G @ Bᵀ", `∂/∂${c.names[0]}: G @ ${c.names[1]}ᵀ`)
      : moved("and the gradient of B is Aᵀ @ G", `∂/∂${c.names[1]}: ${c.names[0]}ᵀ @ G`),
  unfold: () =>
    moved("im2col is linear: its adjoint folds the gradient back (overlaps add)", "fold (col2im)"),
  fold: () => moved("col2im is linear: its adjoint unfolds the gradient", "unfold (im2col)"),
  const: zero("a constant"),
  input: zero("a source"),
  variable: zero("a source"),
  random: zero("random numbers"),
};

export function localDerivative<P extends Prim>(prim: P, c: LocalCtx<P>, slot: number): LocalDerivative {
  return (localRules[prim] as Rule<P>)(c, slot);
}
