/** One compute dispatch: WGSL, what it binds and how many workgroups it launches. */
export interface KernelSpec {
  /** For error messages and the debug dump: the IR ops it computes. */
  label: string;
  code: string;
  /** IR value ids bound read-only at bindings 0..reads.length-1, in order. */
  reads: number[];
  /**
   * The IR values written, bound read_write after the reads (`out`, `out1`, …). Only fused
   * elementwise kernels write more than one.
   */
  writes: number[];
  /** Whether the frame uniform (seed, step) is bound after the outputs. */
  frame: boolean;
  /**
   * Shape-generic kernels: the sizes and strides the WGSL reads from its `dims` uniform
   * (u32s, bound after the frame) instead of baking them in as literals, so kernels equal
   * but for their sizes share one text and one pipeline. Fixed per plan: written once when
   * the program is compiled, never per step.
   */
  dims?: number[];
  groups: [number, number, number];
  /**
   * Tiered compilation: a variant with the same bindings that computes the same values, bit
   * for bit, and compiles much faster (the unrolled 8×8 matmul takes ~250 ms on SwiftShader,
   * its 4×4 sibling ~25 ms). A program dispatches it until this kernel's pipeline is ready.
   */
  quick?: KernelSpec;
  /**
   * A faster shape-generic variant of `quick` (same bindings, the same values bit for bit)
   * that a runtime compiles ahead of any graph (prewarm.ts): a program starts on it instead
   * of `quick` when its pipeline is already in; too slow to compile to be waited for.
   */
  warm?: KernelSpec;
}

/**
 * A kernel spec with every field, present or not, in one order: specs reach the executor and
 * the planner's liveness loops from many generators, and one object layout keeps those loops
 * compiled once (see irNode in ir/prims.ts; a spread copy made a new layout per object).
 */
export function kernelSpec(
  label: string,
  code: string,
  reads: number[],
  writes: number[],
  frame: boolean,
  groups: [number, number, number],
  dims?: number[],
  quick?: KernelSpec,
  warm?: KernelSpec,
): KernelSpec {
  return { label, code, reads, writes, frame, dims, groups, quick, warm };
}

/** `s` with its faster-compiling tiers (KernelSpec.quick, .warm). */
export function withTiers(s: KernelSpec, quick: KernelSpec | undefined, warm?: KernelSpec): KernelSpec {
  return kernelSpec(s.label, s.code, s.reads, s.writes, s.frame, s.groups, s.dims, quick, warm);
}
