// src/ir/rng.ts in WGSL, op for op: u32 multiplies wrap like Math.imul, shifts are logical,
// so the bits of every uniform draw are identical to the CPU's. The uniform's 24 bits become
// an exact f32 (an integer below 2^24 times 2^-24); only Box–Muller's log/sqrt/cos round.

export const RNG_WGSL = `fn pcg_hash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
fn stream_base(seed: u32, step: u32, key: u32) -> u32 {
  return pcg_hash(key ^ pcg_hash(step ^ pcg_hash(seed)));
}
fn uniform_at(base: u32, index: u32) -> f32 {
  return f32(pcg_hash(index ^ base) >> 8u) * 5.9604644775390625e-8f;
}
fn normal_at(base: u32, index: u32) -> f32 {
  let u1 = 1.0f - uniform_at(base, 2u * index);
  let u2 = uniform_at(base, 2u * index + 1u);
  return sqrt(-2.0f * wg_log(u1)) * wg_cos(6.2831855f * u2);
}`;

export function usesRng(code: string): boolean {
  return /\b(uniform_at|normal_at|stream_base|pcg_hash)\(/.test(code);
}
