// The scalar WGSL of each elementwise primitive, as expressions over operand names. Typed by
// the primitive sets, so a new unary or binary primitive without WGSL does not compile.

import type { BinaryPrim, UnaryPrim } from "../../../ir/prims";

export const unaryWgsl: { [P in UnaryPrim]: (x: string) => string } = {
  neg: (x) => `-${x}`,
  recip: (x) => `1.0f / ${x}`,
  exp: (x) => `wg_exp(${x})`,
  log: (x) => `wg_log(${x})`,
  sin: (x) => `wg_sin(${x})`,
  cos: (x) => `wg_cos(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  tanh: (x) => `wg_tanh(${x})`,
  sigmoid: (x) => `wg_sigmoid(${x})`,
  abs: (x) => `abs(${x})`,
  sign: (x) => `wg_sign(${x})`,
  floor: (x) => `floor(${x})`,
  erf: (x) => `wg_erf(${x})`,
};

export const binaryWgsl: { [P in BinaryPrim]: (a: string, b: string) => string } = {
  add: (a, b) => `${a} + ${b}`,
  sub: (a, b) => `${a} - ${b}`,
  mul: (a, b) => `${a} * ${b}`,
  div: (a, b) => `${a} / ${b}`,
  pow: (a, b) => `wg_pow(${a}, ${b})`,
  max: (a, b) => `wg_max(${a}, ${b})`,
  min: (a, b) => `wg_min(${a}, ${b})`,
  lt: (a, b) => `select(0.0f, 1.0f, ${a} < ${b})`,
  eq: (a, b) => `select(0.0f, 1.0f, ${a} == ${b})`,
};

/** where(c, a, b): c ≠ 0 picks a, as the CPU's `c !== 0 ? a : b` (NaN picks a). */
export const whereWgsl = (c: string, a: string, b: string): string => `select(${b}, ${a}, ${c} != 0.0f)`;
