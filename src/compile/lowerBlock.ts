import type { AnyBlock } from "../../nodes";
import type { LowerCtx, ParamValue } from "../../nodes/types";
import type { IRBuilder, Tensor } from "../ir/builder";

export interface BlockHooks {
  feed(nodeId: string, name: string, shape: number[]): Tensor;
  setState(nodeId: string, name: string, value: Tensor): void;
  weightsOf(nodeId: string): Record<string, Tensor>;
  metric(nodeId: string, name: string, value: Tensor): void;
}

/** Lower one block to IR with its inputs and weights already in the builder. */
export function lowerBlock(
  b: IRBuilder,
  def: AnyBlock,
  nodeId: string,
  params: Record<string, ParamValue>,
  inputs: Record<string, Tensor | undefined>,
  weights: Record<string, Tensor>,
  opts: { mode: "train" | "eval"; batch: number },
  hooks: BlockHooks,
): Record<string, Tensor> {
  const ctx: LowerCtx<Record<string, ParamValue>> = {
    b,
    params,
    nodeId,
    inputs,
    weights,
    mode: opts.mode,
    batch: opts.batch,
    feed: (name, shape) => hooks.feed(nodeId, name, shape),
    setState: (name, value) => hooks.setState(nodeId, name, value),
    weightsOf: (id) => hooks.weightsOf(id),
    metric: (name, value) => hooks.metric(nodeId, name, value),
  };
  return def.lower(ctx);
}
