// The interpreter kernel: one invocation walks the op table (table.ts) in program order
// and runs each record's loop over the heap. Its code depends only on how many buffers are
// bound (fed inputs, outputs, variables, frame scalars), so most programs share one
// compiled pipeline, and compiling it costs about as much as one planned kernel.
//
// Table header (u32): 0 ops, 1 copy-ins, 2 copy-outs, 5 first op record, 6 first copy-in,
// 7 first copy-out. Copy-in: (source binding, heap offset, length), binding ≥ 1000 being a
// frame scalar slot. Copy-out: (heap offset, destination binding, length).

import { f32 } from "../wgsl/format";
import { binaryWgsl, unaryWgsl, whereWgsl } from "../wgsl/ops";
import { BINARY_CODES, COPY, OP, RANK, REC, UNARY_CODES, WHERE } from "./table";

export const SCALAR_BINDING = 1000;

export interface InterpSignature {
  inputs: number;
  outputs: number;
  vars: number;
  scalars: number;
  /**
   * The op kinds and elementwise sub-ops the table uses: only their code is emitted, since
   * SwiftShader's compile time grows with the kernel's code (every maths helper inlined).
   */
  ops: Set<number>;
  subs: Set<number>;
}

const OP_FNS: [number, string][] = Object.entries({
  reduce: OP.reduce,
  matmul: OP.matmul,
  gather: OP.gather,
  scatter: OP.scatter,
  pad: OP.pad,
  concat: OP.concat,
  random: OP.random,
}).map(([name, code]) => [code, name]);

/** Drops the `fn op_<name>` definitions of op kinds the table does not use. */
function keepUsed(code: string, used: Set<number>): string {
  let out = code;
  for (const [k, name] of OP_FNS) {
    if (used.has(k)) continue;
    out = out.replace(new RegExp(`fn op_${name}\\(p: u32\\) \\{[\\s\\S]*?\\n\\}\\n`), "");
    out = out.replace(new RegExp(`      case ${k}u: \\{ op_${name}\\(p\\); \\}\\n`), "");
  }
  return out;
}

/**
 * The elementwise op, one function per sub-op the table uses, each dispatched from the main
 * switch, with a contiguous and a strided loop: no branch inside a loop body. (Measured on
 * SwiftShader: a switch per element cost half the step, and a switch on the sub-op inside
 * one op_ew function cost ~0.25 ms per call even for empty loops.)
 */
function opEw(subs: Set<number>): string {
  const expr = (sub: number, x: string[]): string => {
    const un = Object.entries(UNARY_CODES).find(([, c]) => c === sub);
    if (un) return unaryWgsl[un[0] as keyof typeof unaryWgsl](x[0]);
    const bin = Object.entries(BINARY_CODES).find(([, c]) => c === sub);
    if (bin) return binaryWgsl[bin[0] as keyof typeof binaryWgsl](x[0], x[1]);
    if (sub === WHERE) return whereWgsl(x[0], x[1], x[2]);
    return x[0];
  };
  const arity = (sub: number) => (sub < 20 || sub === COPY ? 1 : sub === WHERE ? 3 : 2);
  return [...subs]
    .sort((a, b) => a - b)
    .map((sub) => {
      const k = arity(sub);
      const flat = Array.from({ length: k }, (_, j) => `heap[tab[p + ${11 + j}u] + i]`);
      const strided = Array.from(
        { length: k },
        (_, j) => `heap[tab[p + ${11 + j}u] + off6(i, p + 5u, p + ${14 + 6 * j}u)]`,
      );
      const mask = (1 << k) - 1;
      return `fn ew${sub}(p: u32) {
  let out = tab[p + 2u];
  let n = tab[p + 3u];
  if ((tab[p + 4u] & ${mask}u) == ${mask}u) {
    for (var i = 0u; i < n; i = i + 1u) { heap[out + i] = ${expr(sub, flat)}; }
  } else {
    for (var i = 0u; i < n; i = i + 1u) { heap[out + i] = ${expr(sub, strided)}; }
  }
}`;
    })
    .join("\n");
}

export function interpreterBody(s: InterpSignature): string {
  const rd = [
    ...Array.from({ length: s.inputs }, (_, k) => `    case ${k}u: { return in${k}[i]; }`),
    ...Array.from({ length: s.vars }, (_, k) => `    case ${s.inputs + k}u: { return v${k}[i]; }`),
  ].join("\n");
  const wr = [
    ...Array.from({ length: s.outputs }, (_, k) => `    case ${k}u: { o${k}[i] = v; }`),
    ...Array.from({ length: s.vars }, (_, k) => `    case ${s.outputs + k}u: { v${k}[i] = v; }`),
  ].join("\n");
  const scalar = s.scalars
    ? `let q = b - ${SCALAR_BINDING}u; return frame.s[q / 4u][q % 4u];`
    : "return 0.0f;";
  return keepUsed(
    `fn rd(b: u32, i: u32) -> f32 {
  switch b {
${rd}
    default: { ${scalar} }
  }
}
fn wr(b: u32, i: u32, v: f32) {
  switch b {
${wr}
    default: {}
  }
}
// Offset of flat index i of a shape (${RANK} axes at sh) read through strides (at st).
fn off6(i: u32, sh: u32, st: u32) -> u32 {
  var rem = i;
  var o = 0u;
  for (var d = ${RANK - 1}i; d >= 0i; d = d - 1i) {
    let n = tab[sh + u32(d)];
    o = o + (rem % n) * tab[st + u32(d)];
    rem = rem / n;
  }
  return o;
}
${opEw(s.subs)}
fn op_reduce(p: u32) {
  let isMax = tab[p + 1u] == 1u;
  let out = tab[p + 2u];
  let x = tab[p + 4u];
  let cnt = tab[p + 5u];
  for (var o = 0u; o < tab[p + 3u]; o = o + 1u) {
    let base = x + off6(o, p + 6u, p + 12u);
    var acc = select(0.0f, ${f32(Number.NEGATIVE_INFINITY)}, isMax);
    for (var j = 0u; j < cnt; j = j + 1u) {
      let v = heap[base + off6(j, p + 18u, p + 24u)];
      if (isMax) { acc = wg_max(acc, v); } else { acc = acc + v; }
    }
    heap[out + o] = acc;
  }
}
fn op_matmul(p: u32) {
  let out = tab[p + 2u];
  let m = tab[p + 3u];
  let n = tab[p + 4u];
  let k = tab[p + 5u];
  for (var bz = 0u; bz < tab[p + 6u]; bz = bz + 1u) {
    let ab = tab[p + 7u] + off6(bz, p + 9u, p + 15u);
    let bb = tab[p + 8u] + off6(bz, p + 9u, p + 21u);
    let ob = out + bz * m * n;
    for (var r = 0u; r < m; r = r + 1u) {
      for (var q = 0u; q < n; q = q + 1u) {
        var acc = 0.0f;
        for (var t = 0u; t < k; t = t + 1u) { acc = fma(heap[ab + r * k + t], heap[bb + t * n + q], acc); }
        heap[ob + r * n + q] = acc;
      }
    }
  }
}
fn op_gather(p: u32) {
  let inner = tab[p + 4u];
  let count = tab[p + 5u];
  let len = tab[p + 6u];
  for (var i = 0u; i < tab[p + 3u]; i = i + 1u) {
    let t = i % inner;
    let j = (i / inner) % count;
    let o = i / (inner * count);
    let fi = round(heap[tab[p + 8u] + j]);
    var v = ${f32(Number.NaN)};
    if (fi >= 0.0f && fi < f32(len)) { v = heap[tab[p + 7u] + (o * len + u32(fi)) * inner + t]; }
    heap[tab[p + 2u] + i] = v;
  }
}
fn op_scatter(p: u32) {
  let inner = tab[p + 4u];
  let count = tab[p + 5u];
  let size = tab[p + 6u];
  for (var i = 0u; i < tab[p + 3u]; i = i + 1u) {
    let t = i % inner;
    let r = f32((i / inner) % size);
    let o = i / (inner * size);
    var acc = 0.0f;
    for (var j = 0u; j < count; j = j + 1u) {
      if (round(heap[tab[p + 8u] + j]) == r) { acc = acc + heap[tab[p + 7u] + (o * count + j) * inner + t]; }
    }
    heap[tab[p + 2u] + i] = acc;
  }
}
fn op_pad(p: u32) {
  for (var i = 0u; i < tab[p + 3u]; i = i + 1u) {
    var rem = i;
    var o = 0u;
    var inside = true;
    for (var d = ${RANK - 1}i; d >= 0i; d = d - 1i) {
      let n = tab[p + 6u + u32(d)];
      // Unsigned wrap-around makes a coordinate before the box fail the test too.
      let c = (rem % n) - tab[p + 18u + u32(d)];
      rem = rem / n;
      if (c >= tab[p + 12u + u32(d)]) { inside = false; }
      o = o + c * tab[p + 24u + u32(d)];
    }
    var v = bitcast<f32>(tab[p + 5u]);
    if (inside) { v = heap[tab[p + 4u] + o]; }
    heap[tab[p + 2u] + i] = v;
  }
}
fn op_concat(p: u32) {
  let cols = tab[p + 4u];
  for (var i = 0u; i < tab[p + 3u]; i = i + 1u) {
    heap[tab[p + 2u] + (i / cols) * tab[p + 5u] + tab[p + 6u] + i % cols] = heap[tab[p + 7u] + i];
  }
}
fn op_random(p: u32) {
  let rb = stream_base(frame.seed, frame.step, tab[p + 4u]);
  let normal = tab[p + 1u] == 1u;
  for (var i = 0u; i < tab[p + 3u]; i = i + 1u) {
    var v = 0.0f;
    if (normal) { v = normal_at(rb, i); } else { v = uniform_at(rb, i); }
    heap[tab[p + 2u] + i] = v;
  }
}
@compute @workgroup_size(1)
fn main() {
  for (var r = 0u; r < tab[1]; r = r + 1u) {
    let p = tab[6] + 3u * r;
    for (var i = 0u; i < tab[p + 2u]; i = i + 1u) { heap[tab[p + 1u] + i] = rd(tab[p], i); }
  }
  for (var q = 0u; q < tab[0]; q = q + 1u) {
    let p = tab[5] + q * ${REC}u;
    // Elementwise records dispatch on their sub-op: 100 + sub.
    switch select(tab[p], 100u + tab[p + 1u], tab[p] == ${OP.ew}u) {
${[...s.subs].map((sub) => `      case ${100 + sub}u: { ew${sub}(p); }`).join("\n")}
      case ${OP.reduce}u: { op_reduce(p); }
      case ${OP.matmul}u: { op_matmul(p); }
      case ${OP.gather}u: { op_gather(p); }
      case ${OP.scatter}u: { op_scatter(p); }
      case ${OP.pad}u: { op_pad(p); }
      case ${OP.concat}u: { op_concat(p); }
      case ${OP.random}u: { op_random(p); }
      default: {}
    }
  }
  for (var r = 0u; r < tab[2]; r = r + 1u) {
    let p = tab[7] + 3u * r;
    for (var i = 0u; i < tab[p + 2u]; i = i + 1u) { wr(tab[p + 1u], i, heap[tab[p] + i]); }
  }
}`,
    s.ops,
  );
}
