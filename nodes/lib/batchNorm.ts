import type { Tensor } from "../../src/ir/builder";
import type { LowerCtx, ParamSpec, WeightSpec } from "../types";

// Batch normalisation over every axis but the channels (axis 1), shared by BatchNorm1d and
// BatchNorm2d, with PyTorch's semantics for the running statistics.

export interface BatchNormParams {
  eps: number;
  momentum: number;
  affine: boolean;
  track_running_stats: boolean;
}

export const batchNormParams: ParamSpec[] = [
  { name: "eps", kind: "float", default: 1e-5, min: 0, max: 1, log: true, doc: "added to the variance" },
  {
    name: "momentum",
    kind: "float",
    default: 0.1,
    min: 0,
    max: 1,
    doc: "running ← (1 − momentum)·running + momentum·batch",
  },
  { name: "affine", kind: "bool", default: true, doc: "learn a per-channel scale (weight) and shift (bias)" },
  {
    name: "track_running_stats",
    kind: "bool",
    default: true,
    doc: "keep running mean and variance for eval mode (else always use the batch's)",
  },
];

/** weight, bias, running_mean, running_var, named and initialised as in PyTorch's state_dict. */
export function batchNormWeights(c: number, p: BatchNormParams): Record<string, WeightSpec> {
  return {
    ...(p.affine
      ? {
          weight: { shape: [c], init: { kind: "fill", value: 1 } },
          bias: { shape: [c], init: { kind: "fill", value: 0 } },
        }
      : {}),
    ...(p.track_running_stats
      ? {
          running_mean: { shape: [c], init: { kind: "fill", value: 0 }, trainable: false },
          running_var: { shape: [c], init: { kind: "fill", value: 1 }, trainable: false },
        }
      : {}),
  };
}

/**
 * y = (x − μ)/√(σ² + eps)·weight + bias. Training (or no running stats) uses the batch's mean
 * and biased variance and, when tracking, writes the running stats with the UNBIASED variance,
 * as PyTorch does; eval uses the running stats.
 */
export function lowerBatchNorm(ctx: LowerCtx<BatchNormParams>): Tensor {
  const { params, weights, mode } = ctx;
  const x = ctx.inputs.in!;
  const c = x.shape[1];
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  // Per-channel values broadcast as [1, C, 1, …].
  const perChannel = (t: Tensor) => t.reshape(x.shape.map((d, i) => (i === 1 ? d : 1)));
  let xhat: Tensor;
  if (mode === "train" || !params.track_running_stats) {
    const mean = x.mean(axes, true);
    const centered = x.sub(mean);
    const variance = centered.square().mean(axes, true);
    xhat = centered.div(variance.add(params.eps).sqrt());
    if (mode === "train" && params.track_running_stats) {
      updateRunningStats(ctx, mean.reshape([c]), variance.reshape([c]), x.size / c);
    }
  } else {
    const mean = perChannel(weights.running_mean);
    xhat = x.sub(mean).div(perChannel(weights.running_var).add(params.eps).sqrt());
  }
  if (!params.affine) return xhat;
  return xhat.mul(perChannel(weights.weight)).add(perChannel(weights.bias));
}

function updateRunningStats(ctx: LowerCtx<BatchNormParams>, mean: Tensor, variance: Tensor, n: number): void {
  if (n <= 1) {
    // The unbiased variance divides by n − 1; PyTorch refuses this case too.
    throw new Error(`BatchNorm needs more than 1 value per channel when training, got ${n}`);
  }
  const m = ctx.params.momentum;
  const blend = (old: Tensor, batch: Tensor) => old.mul(1 - m).add(batch.stopGradient().mul(m));
  ctx.setState("running_mean", blend(ctx.weights.running_mean, mean));
  ctx.setState("running_var", blend(ctx.weights.running_var, variance.mul(n / (n - 1))));
}
