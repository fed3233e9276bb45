// Mini-batch sampling and gathering on the device. The sampler kernel is permuteIndex and
// BatchSampler.indicesAt (src/ir/rng.ts, src/train/batches.ts) op for op in u32 arithmetic,
// so a step's batch rows are the CPU's exactly; the gather kernel then copies those rows of
// the resident dataset into the program's input buffers.

import { PERM_ROUNDS, permBits } from "../../../ir/rng";
import { ENTRY, frameDecl, grid1d, u32 } from "./format";
import { shader } from "./shader";

/**
 * Rows of step `frame.step`: positions s·B+i of the epoch stream. g = s·B+i is split as
 * s = q·N + rem, so epoch = q·B + ⌊(rem·B+i)/N⌋ and slot = (rem·B+i) mod N without any
 * product above N·B (checked < 2^32 by the caller); the epoch wraps mod 2^32 like the
 * CPU's `epoch >>> 0`.
 * Bindings: train split (u32), sampler key (u32[1]), out rows (u32), frame.
 */
export function samplerKernel(n: number, batch: number): { code: string; groups: [number, number, number] } {
  if (n * batch + batch > 0xffffffff)
    throw new RangeError(`sampler: training split ${n} × batch ${batch} exceeds 32-bit positions`);
  const bits = permBits(n);
  const lo = bits >>> 1;
  const hi = bits - lo;
  const g = grid1d(batch);
  const rounds: string[] = [];
  for (let r = 0; r < PERM_ROUNDS; r++) {
    rounds.push(
      r % 2 === 0
        ? `l = (l ^ pcg_hash(rr ^ rk[${r}])) & ${u32(2 ** hi - 1)};`
        : `rr = (rr ^ pcg_hash(l ^ rk[${r}])) & ${u32(2 ** lo - 1)};`,
    );
  }
  const decls = `@group(0) @binding(0) var<storage, read> train: array<u32>;
@group(0) @binding(1) var<storage, read> sampler_key: array<u32>;
@group(0) @binding(2) var<storage, read_write> rows: array<u32>;
${frameDecl(0, 3)}
fn permute(key: u32, epoch: u32, j: u32) -> u32 {
  let ek = pcg_hash(key ^ pcg_hash(epoch));
  var rk: array<u32, ${PERM_ROUNDS}>;
  for (var r = 0u; r < ${u32(PERM_ROUNDS)}; r++) { rk[r] = pcg_hash(ek + r); }
  var x = j;
  loop {
    var l = x >> ${u32(lo)};
    var rr = x & ${u32(2 ** lo - 1)};
    ${rounds.join("\n    ")}
    x = (l << ${u32(lo)}) | rr;
    if (x < ${u32(n)}) { break; }
  }
  return x;
}`;
  const body = `${ENTRY} {
  ${g.prologue}
  let s = frame.step;
  let t = (s % ${u32(n)}) * ${u32(batch)} + i;
  let epoch = (s / ${u32(n)}) * ${u32(batch)} + t / ${u32(n)};
  rows[i] = train[permute(sampler_key[0], epoch, t % ${u32(n)})];
}`;
  return { code: shader(decls, body), groups: g.groups };
}

/** One part of a dataset gathered into an input: "x" or "y", `per` floats per sample. */
export interface GatherPart {
  per: number;
}

/**
 * Copies rows `rows[0..batch)` of each part's source (bound read-only, in order, after the
 * row indices at binding 0) into its destination (bound read_write, in the same order).
 */
export function gatherKernel(
  batch: number,
  parts: GatherPart[],
): { code: string; groups: [number, number, number] } {
  const total = parts.reduce((p, x) => p + batch * x.per, 0);
  const g = grid1d(total);
  const decls = [`@group(0) @binding(0) var<storage, read> rows: array<u32>;`];
  parts.forEach((_, k) => {
    decls.push(`@group(0) @binding(${1 + k}) var<storage, read> src${k}: array<f32>;`);
  });
  parts.forEach((_, k) => {
    decls.push(`@group(0) @binding(${1 + parts.length + k}) var<storage, read_write> dst${k}: array<f32>;`);
  });
  const branches: string[] = [];
  let at = 0;
  parts.forEach((p, k) => {
    const end = at + batch * p.per;
    const local = at ? `i - ${u32(at)}` : "i";
    const fetch =
      p.per === 1
        ? `dst${k}[j] = src${k}[rows[j]];`
        : `dst${k}[j] = src${k}[rows[j / ${u32(p.per)}] * ${u32(p.per)} + j % ${u32(p.per)}];`;
    branches.push(`if (i < ${u32(end)}) { let j = ${local}; ${fetch} return; }`);
    at = end;
  });
  const body = `${ENTRY} {
  ${g.prologue}
  ${branches.join("\n  ")}
}`;
  return { code: shader(decls.join("\n"), body), groups: g.groups };
}
