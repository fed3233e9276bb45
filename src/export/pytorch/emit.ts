// The contract between the model generator and the per-block mapping tables (data.ts,
// layers.ts, activations.ts, maths.ts, losses.ts, probabilistic.ts): each block type maps
// to a BlockEmitter that writes its constructor line and its forward statements.
import type { ParamValue, WeightSpec } from "../../../nodes/types";
import type { SymShape } from "../../graph/symbolic";

export interface EmitCtx {
  /** The node id, as the graph names it (comments, output keys). */
  id: string;
  /** Its Python name: the submodule attribute and the local holding its output. */
  name: string;
  type: string;
  params: Record<string, ParamValue>;
  /** Python expression of each connected input port's value. */
  inputs: Record<string, string>;
  /** Key of each input's source in forward's outputs dict ("fc1", "rnn.h_n"), for metrics. */
  inputKeys: Record<string, string>;
  /** Inferred shapes, the batch as "B". */
  inShapes: Record<string, SymShape>;
  outShapes: Record<string, SymShape>;
  /** This node's weights by state_dict name. */
  weights: Record<string, WeightSpec>;
  /** A fresh local name for output `port` of a block with several outputs. */
  local(port: string): string;
  /** Python expression of another node's weight, e.g. self.fc1.weight (L2Penalty). */
  weightRef(node: string, param: string): string;
  /** Another node's weight names (L2Penalty). */
  weightNames(node: string): string[];
}

/** A random block's noise, which `--check` replaces with the values wiregrad drew. */
export interface NoiseHook {
  /** Python class (defined in the check section) that wraps the submodule with fixed noise. */
  fixed: string;
  /** Its definition. */
  source: string;
}

export interface Emitted {
  /** Lines of __init__ (without indentation), e.g. `self.fc1 = nn.Linear(2, 16)`. */
  init?: string[];
  /** Statements of forward that compute the outputs (without indentation). */
  lines: string[];
  /** The Python expression holding each output port after `lines`. */
  outputs: Record<string, string>;
  /** forward's arguments this node contributes (Input, Dataset), by output port. */
  args?: { port: string; name: string }[];
  /** Python classes the model needs (each emitted once, before the model). */
  helpers?: string[];
  noise?: NoiseHook;
  /** Accuracy of a classification loss, from forward's outputs dict `out` (as wiregrad logs it). */
  metric?: string;
}

export interface BlockEmitter {
  emit(ctx: EmitCtx): Emitted;
  /** The state_dict key of a weight when it is not `<name>.<param>` on a submodule (Parameter). */
  stateKey?(name: string, param: string): string;
}

/** A block that PyTorch cannot express: the export names the node and this reason. */
export class NoCounterpart extends Error {
  override name = "NoCounterpart";
}

export type EmitterTable = Record<string, BlockEmitter>;

/** `self.<name> = <ctor>` and `<name> = self.<name>(<args>)`: the usual nn.Module block. */
export function moduleCall(ctx: EmitCtx, ctor: string, args: string[], port = "out"): Emitted {
  return {
    init: [`self.${ctx.name} = ${ctor}`],
    lines: [`${ctx.name} = self.${ctx.name}(${args.join(", ")})`],
    outputs: { [port]: ctx.name },
  };
}

/** `<name> = <expr>`: an inline torch expression (maths). */
export function inline(ctx: EmitCtx, expr: string): Emitted {
  return { lines: [`${ctx.name} = ${expr}`], outputs: { out: ctx.name } };
}

/** The value of a concrete dim of a symbolic shape (channels, features): the batch is never asked. */
export function dimOf(shape: SymShape, axis: number): number {
  const d = shape[axis < 0 ? shape.length + axis : axis];
  if (typeof d !== "number") throw new Error(`dim ${axis} of [${shape.join(", ")}] is not fixed`);
  return d;
}
