import type { ParamValue } from "../../../graph/doc";
import type { SymShape } from "../../../graph/symbolic";
import type { Attr } from "../proto";

// The contract between the exporter and the per-family emitters: an emitter reads its
// node's params, input value names and shapes, and writes ONNX nodes producing its outputs.

export interface EmitCtx<P = Record<string, ParamValue>> {
  /** The node id: the name of the ONNX node that produces the block's first output. */
  id: string;
  params: P;
  /** ONNX value names arriving at each connected input port. */
  inputs: Record<string, string>;
  inShapes: Record<string, SymShape>;
  outShapes: Record<string, SymShape>;
  /** Initializer names of this node's weights by state_dict name: always "<node>.<param>". */
  weights: Record<string, string>;
  /** The value name the block's output `port` must be written to. */
  out(port: string): string;
  /**
   * Emit one ONNX node and return its output names: `outputs` names them (undefined: a fresh
   * name) or says how many fresh ones it has.
   */
  op(
    type: string,
    inputs: string[],
    attrs?: Record<string, Attr>,
    outputs?: (string | undefined)[] | number,
  ): string[];
  /** A node with one output (named `output` when given). */
  op1(type: string, inputs: string[], attrs?: Record<string, Attr>, output?: string): string;
  /** A float32 Constant node (scalar when no shape is given). */
  constF(data: number | number[], shape?: number[]): string;
  /** An int64 Constant node holding a list (axes, shapes, split sizes). */
  constI64(data: number[]): string;
  /** Declare a graph input carrying this block's output `port`. */
  graphInput(port: string): void;
  /** Record a deliberate difference from the block's wiregrad semantics. */
  note(message: string): void;
}

export type Emitter<P = Record<string, ParamValue>> = (ctx: EmitCtx<P>) => void;

/** Thrown by an emitter when its block (or this use of it) has no ONNX counterpart. */
export class NoOnnxCounterpart extends Error {
  override name = "NoOnnxCounterpart";
}

/** Typed params inside, a registry entry outside. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds emitters of every params type
export function emitter<P>(fn: Emitter<P>): Emitter<any> {
  return fn;
}
