// The step-through view of one forward and backward pass: what each primitive computed, in
// program order, then what each VJP rule sent back, in reverse. Plain data, so the UI (or a
// test) reads it without knowing the IR.
import type { IRNode, Prim } from "../../ir/prims";

/** A value as shown: small tensors in full, larger ones summarised. */
export interface TraceValue {
  shape: number[];
  size: number;
  /** Every element when size ≤ FULL_LIMIT, else the first few. */
  data: number[];
  /** For tensors shown in part. */
  summary?: { min: number; max: number; mean: number; norm: number };
  /** One line for the screen: "0.8415", "[1, 2, 3]", "[32, 16]: mean 0.12, range −1.9…2.3". */
  text: string;
}

/** Which block a primitive came from, and which output port it is when it is one. */
export interface BlockRef {
  node: string;
  type: string;
  port?: string;
}

/** One operand of a step: an IR value, its name on the screen and its value. */
export interface Operand {
  id: number;
  label: string;
  value: TraceValue;
}

export interface ForwardStep {
  /** Position in the forward list (0-based). */
  index: number;
  id: number;
  prim: Prim;
  label: string;
  inputs: Operand[];
  /** Attributes worth showing ("axes=[1]"), empty for elementwise ops. */
  attrs: string;
  /** The op written with its operands' names: "sin(x)", "sin · y". */
  expr: string;
  /** The op with its operands' numbers, when they are all single numbers: "sin(1)". */
  valueExpr?: string;
  value: TraceValue;
  block?: BlockRef;
  /** True for inputs and parameters: the leaves that get gradients. */
  leaf: boolean;
}

/** What one input of a primitive receives in the backward pass. */
export interface Contribution {
  /** Which operand of the primitive (0 = first). */
  slot: number;
  input: Operand;
  /** The local derivative, in words and as a formula with its value where it is a number. */
  local: LocalDerivative;
  /** The backward value added to the input's gradient (computed by the compiled backward IR). */
  grad: Operand;
  /** The input's gradient after this contribution (fan-out sums included). */
  total: Operand;
  /** True when the input already had a gradient from another use: this step adds to it. */
  accumulates: boolean;
}

export interface LocalDerivative {
  words: string;
  /** "∂sin(x)/∂x = cos(x) = 0.5403" */
  formula: string;
  /** The number, when every operand is a scalar. */
  value?: number;
}

export interface BackwardStep {
  index: number;
  /** The forward primitive whose rule ran. */
  forwardId: number;
  forwardIndex: number;
  prim: Prim;
  label: string;
  expr: string;
  block?: BlockRef;
  /** The incoming gradient (adjoint) of this primitive's output. */
  adjoint: Operand;
  contributions: Contribution[];
  /** The backward ops this rule appended, [start, end) in `program`. */
  emitted: [number, number];
}

export interface LeafGradient {
  label: string;
  kind: "parameter" | "input";
  /** Variable or feed name in the program ("fc1.weight", "x"). */
  name: string;
  node: string;
  forwardId: number;
  grad: Operand;
}

export interface Trace {
  /** What is differentiated ("f", "loss"). */
  objective: Operand;
  forward: ForwardStep[];
  backward: BackwardStep[];
  leaves: LeafGradient[];
  /** The whole program (forward then backward ops) and the first backward op id. */
  program: readonly IRNode[];
  backwardStart: number;
  /** Name of every value in `program` that has one. */
  labels: Map<number, string>;
  /** The value of every op in `program`, as shown. */
  values: Map<number, TraceValue>;
  /** Set when only one block's primitives are shown. */
  focus?: BlockRef;
  /** Everything the compiled forward graph holds, counted as the size limit counts it. */
  primitiveCount: number;
}
