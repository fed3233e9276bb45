import type { SymShape } from "../src/graph/symbolic";
import type { IRBuilder, Tensor } from "../src/ir/builder";

// The contract every block in nodes/ fulfils: one file, one typed definition.
// Types and parameter names follow torch.nn / torch.optim; tensors are NCHW and
// weights are named as in PyTorch's state_dict so they load there unchanged.

export type Category = "data" | "layers" | "activations" | "math" | "losses" | "probabilistic" | "optimizers";

export type ParamValue = number | string | boolean | null | number[] | string[] | ParamValue[];

interface ParamBase<K extends string, V> {
  name: string;
  kind: K;
  default: V;
  doc: string;
}
export type ParamSpec =
  | (ParamBase<"int", number> & { min?: number; max?: number })
  | (ParamBase<"float", number> & { min?: number; max?: number; log?: boolean })
  | ParamBase<"bool", boolean>
  | (ParamBase<"enum", string> & { options: readonly string[] })
  /** A list of positive sizes, e.g. an Input's shape without the batch. */
  | ParamBase<"shape", number[]>
  /** A pair like kernel_size, accepting one number (square) or [h, w], as PyTorch does. */
  | (ParamBase<"pair", number | [number, number] | null> & {
      /** Smallest allowed component (1 for kernel_size, stride, dilation). */
      min?: number;
      /** null allowed, standing for PyTorch's None (a pooling stride that follows the kernel). */
      nullable?: boolean;
    })
  /** Node ids, e.g. which blocks' parameters an optimiser updates (empty: all upstream). */
  | ParamBase<"nodes", string[]>
  /** Free numbers: a Constant's value (a number or nested array). */
  | ParamBase<"tensor", number | ParamValue[]>
  | (ParamBase<"floats", number[]> & { length?: number })
  /** Free text: a column name, or a whole table (a Dataset's CSV) when `multiline`. */
  | (ParamBase<"text", string> & { multiline?: boolean });

export interface PortSpec {
  name: string;
  doc?: string;
  optional?: boolean;
}

/** Initial values of a weight, matching PyTorch's defaults for the module it mirrors. */
export type Init =
  | { kind: "uniform"; bound: number }
  | { kind: "normal"; std: number; mean?: number }
  | { kind: "fill"; value: number }
  | { kind: "values"; data: number[] };

export interface WeightSpec {
  shape: number[];
  init: Init;
  /** false for buffers such as running_mean: stored and exported, never optimised. */
  trainable?: boolean;
}

export interface ShapeCtx<P> {
  params: P;
  /** Shapes arriving at each input port (undefined when unconnected). */
  inputs: Record<string, SymShape | undefined>;
}

export interface LowerCtx<P> {
  b: IRBuilder;
  params: P;
  nodeId: string;
  inputs: Record<string, Tensor | undefined>;
  /** This node's weights as IR variables, by state_dict name. */
  weights: Record<string, Tensor>;
  /** Dropout and batch norm differ between training and evaluation, as in nn.Module.train(). */
  mode: "train" | "eval";
  /** The concrete batch size this program is compiled for. */
  batch: number;
  /** A value fed at run time, named "<nodeId>" for port "out" of Input and "<nodeId>.<name>" otherwise. */
  feed(name: string, shape: number[]): Tensor;
  /** Write a non-trainable weight after the step (batch norm running stats). */
  setState(name: string, value: Tensor): void;
  /** Another node's weights (for L2Penalty on chosen blocks). */
  weightsOf(nodeId: string): Record<string, Tensor>;
  /** Report a metric such as accuracy; train logs it beside the loss. */
  metric(name: string, value: Tensor): void;
}

/** Optimiser blocks: how one parameter is updated from its gradient. */
export interface OptimizerDef<P> {
  /** Per-parameter state, zero-initialised, named as in torch.optim's state. */
  slots(params: P): string[];
  /** Scalars fed at run time so changing them never recompiles. */
  hyper(params: P): Record<string, number>;
  update(u: {
    b: IRBuilder;
    params: P;
    param: Tensor;
    grad: Tensor;
    slots: Record<string, Tensor>;
    hyper: Record<string, Tensor>;
    /** 1-based count of steps taken by this optimiser, for Adam's bias correction. */
    step: Tensor;
  }): { param: Tensor; slots: Record<string, Tensor> };
}

/** How test values for an input port are drawn. */
export type InputDomain =
  | { kind: "normal"; scale?: number }
  | { kind: "positive"; min?: number; max?: number }
  | { kind: "int"; max: number }
  | { kind: "onehot"; classes: number }
  | { kind: "probs" }
  | { kind: "values"; data: number[] };

/**
 * A worked example of the block, used by the generated tests: gradient check, shape
 * inference and (later) the PyTorch oracle. Required, so a block cannot land without one.
 */
export interface BlockExample<P> {
  params?: Partial<P>;
  /** Concrete input shapes, batch first where the port has one. */
  inputs: Record<string, number[]>;
  domains?: Record<string, InputDomain>;
  /**
   * "fd": compare with central differences (default). "identity": a straight-through
   * gradient that passes the cotangent unchanged. { sameAsParams }: the gradient equals the
   * block's with these params (hard Gumbel-softmax uses the soft one's gradient). "zero":
   * no gradient reaches the inputs by design (Detach).
   */
  gradcheck?: "fd" | "identity" | "zero" | { sameAsParams: Partial<P> };
  /** Weights of other nodes the block reads through weightsOf (L2Penalty): node → name → shape. */
  otherWeights?: Record<string, Record<string, number[]>>;
  /** Batch size when no input port says it (source blocks); else the first input's leading dim. */
  batch?: number;
  /** Why this example exists: "broadcast", "fan-out", "padding" … */
  note?: string;
}

/**
 * A wiring that must be refused: which port is blamed and what the message says. With
 * `param`, the params contradict each other and a ParamError must name that param instead.
 */
export interface BadWiring<P> {
  params?: Partial<P>;
  inputs: Record<string, SymShape | undefined>;
  port: string;
  param?: string;
  message: RegExp;
}

export interface BlockDef<P = Record<string, ParamValue>> {
  type: string;
  category: Category;
  /** One line with the formula, shown in the palette and the docs. */
  doc: string;
  params: ParamSpec[];
  inputs: PortSpec[];
  outputs: PortSpec[];
  /** Shape rule with the batch symbolic; throws PortShapeError naming the port. */
  shape(ctx: ShapeCtx<P>): Record<string, SymShape>;
  /** Weights by state_dict name, from the input shapes (non-batch dims are known). */
  weights?(ctx: ShapeCtx<P>): Record<string, WeightSpec>;
  lower(ctx: LowerCtx<P>): Record<string, Tensor>;
  optimizer?: OptimizerDef<P>;
  /**
   * The params that apply given the others (a Dataset's depend on which dataset it is); the
   * editor shows only these. All of them when absent.
   */
  relevantParams?(params: P): string[];
  examples: BlockExample<P>[];
  badWiring: BadWiring<P>[];
}

/** The param specs the editor shows for these values (see BlockDef.relevantParams). */
export function shownParams<P>(def: BlockDef<P>, params: P): ParamSpec[] {
  if (!def.relevantParams) return def.params;
  const names = new Set(def.relevantParams(params));
  return def.params.filter((s) => names.has(s.name));
}

/** Identity helper so each file gets full type inference for its params. */
export function defineBlock<P>(def: BlockDef<P>): BlockDef<P> {
  return def;
}
