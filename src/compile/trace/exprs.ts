// How a primitive is written on the screen with its operands' names: "sin(x)", "a · b",
// "sum(h, axes [1])". Exhaustive by primitive, like the rule tables in src/ir.
import type { Prim, PrimAttrs } from "../../ir/prims";

type ExprRule<P extends Prim> = (args: string[], attrs: PrimAttrs[P]) => string;

const call =
  (name: string): ExprRule<Prim> =>
  (a) =>
    `${name}(${a.join(", ")})`;
const infix =
  (op: string): ExprRule<Prim> =>
  ([a, b]) =>
    `${a} ${op} ${b}`;
const list = (xs: readonly number[]) => `[${xs.join(", ")}]`;

export const exprRules: { [P in Prim]: ExprRule<P> } = {
  neg: ([a]) => `−${a}`,
  recip: ([a]) => `1 / ${a}`,
  exp: ([a]) => `exp(${a})`,
  log: call("log"),
  sin: call("sin"),
  cos: call("cos"),
  sqrt: ([a]) => `√${a}`,
  tanh: call("tanh"),
  sigmoid: ([a]) => `σ(${a})`,
  abs: ([a]) => `|${a}|`,
  sign: call("sign"),
  floor: call("floor"),
  erf: call("erf"),
  stop_gradient: call("stop_gradient"),
  add: infix("+"),
  sub: infix("−"),
  mul: infix("·"),
  div: infix("/"),
  pow: infix("^"),
  max: call("max"),
  min: call("min"),
  lt: infix("<"),
  eq: infix("=="),
  where: ([c, a, b]) => `${c} ? ${a} : ${b}`,
  sum: ([a], t) => `sum(${a}, axes ${list(t.axes)})`,
  reduce_max: ([a], t) => `max(${a}, axes ${list(t.axes)})`,
  reshape: ([a], t) => `reshape(${a}, ${list(t.shape)})`,
  transpose: ([a], t) => `transpose(${a}, ${list(t.perm)})`,
  broadcast: ([a], t) => `broadcast(${a}, ${list(t.shape)})`,
  slice: ([a], t) => `${a}[${t.starts.map((s, i) => `${s}:${t.ends[i]}`).join(", ")}]`,
  pad: ([a], t) => `pad(${a}, ${list(t.before)}, ${list(t.after)})`,
  concat: (a, t) => `concat(${a.join(", ")}, axis ${t.axis})`,
  gather: ([a, i], t) => `gather(${a}, ${i}, axis ${t.axis})`,
  scatter_add: ([a, i], t) => `scatter_add(${a}, ${i}, axis ${t.axis})`,
  matmul: infix("@"),
  unfold: ([a], t) => `unfold(${a}, ${t.kh}×${t.kw})`,
  fold: ([a], t) => `fold(${a}, ${t.kh}×${t.kw})`,
  const: (_a, t) => (t.data.length === 1 ? String(t.data[0]) : `const ${list(t.shape)}`),
  input: (_a, t) => t.name,
  variable: (_a, t) => t.name,
  random: (_a, t) => `random ${t.dist} ${list(t.shape)}`,
};

export function exprOf<P extends Prim>(prim: P, args: string[], attrs: PrimAttrs[P]): string {
  return (exprRules[prim] as ExprRule<P>)(args, attrs);
}

/** Attributes shown beside an op, for the ops that have any. */
export function attrsText(attrs: object): string {
  return Object.entries(attrs)
    .filter(([k]) => k !== "data" && k !== "name")
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
}
