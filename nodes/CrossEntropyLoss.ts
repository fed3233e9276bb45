import type { Tensor } from "../src/ir/builder";
import { classesLast, classTargetKind, indexAccuracy, pickClass, probsAccuracy } from "./lib/classTargets";
import { defineBlock } from "./types";

interface Params {
  label_smoothing: number;
  reduction: string;
}

export const CrossEntropyLoss = defineBlock<Params>({
  type: "CrossEntropyLoss",
  category: "losses",
  doc: "loss = mean_n −Σ_c q_nc·log softmax(input_n)_c, q = (1−ε)·target (indices as one-hot) + ε/C",
  params: [
    {
      name: "label_smoothing",
      kind: "float",
      default: 0,
      min: 0,
      max: 1,
      doc: "ε: mix the target with the uniform distribution",
    },
    {
      name: "reduction",
      kind: "enum",
      default: "mean",
      options: ["mean", "sum"],
      doc: "mean or sum over samples (and positions d1, …)",
    },
  ],
  inputs: [
    { name: "input", doc: "logits [B, C] or [B, C, d1, …]" },
    { name: "target", doc: "class indices [B] / [B, d1, …], or probabilities shaped like the input" },
  ],
  outputs: [{ name: "loss" }],
  shape({ inputs }) {
    classTargetKind(inputs, true);
    return { loss: [] };
  },
  lower({ inputs, params, metric }) {
    const x = inputs.input!;
    const t = inputs.target!;
    const logits = classesLast(x);
    const c = logits.shape[1];
    const logp = logits.logSoftmax(1);
    const eps = params.label_smoothing;
    let perRow: Tensor;
    if (t.rank === x.rank) {
      // Probabilities: smooth the target itself, as torch does.
      const p = classesLast(t);
      const q = eps > 0 ? p.mul(1 - eps).add(eps / c) : p;
      perRow = q.mul(logp).sum(1).neg();
      metric("accuracy", probsAccuracy(logits, p));
    } else {
      const idx = t.reshape([-1]);
      perRow = pickClass(logp, idx).neg();
      // Indices: (1−ε)·nll + ε·(mean over classes of −log p), torch's split form.
      if (eps > 0) perRow = perRow.mul(1 - eps).add(logp.mean(1).mul(-eps));
      metric("accuracy", indexAccuracy(logits, idx));
    }
    return { loss: params.reduction === "sum" ? perRow.sum() : perRow.mean() };
  },
  examples: [
    { inputs: { input: [4, 3], target: [4] }, domains: { target: { kind: "int", max: 3 } } },
    {
      inputs: { input: [4, 3], target: [4, 3] },
      domains: { target: { kind: "probs" } },
      note: "probability target",
    },
    {
      params: { label_smoothing: 0.1, reduction: "sum" },
      inputs: { input: [5, 4], target: [5] },
      domains: { target: { kind: "int", max: 4 } },
      note: "label smoothing, indices",
    },
    {
      params: { label_smoothing: 0.2 },
      inputs: { input: [3, 4], target: [3, 4] },
      domains: { target: { kind: "onehot", classes: 4 } },
      note: "label smoothing, one-hot target",
    },
    {
      inputs: { input: [2, 3, 2, 2], target: [2, 2, 2] },
      domains: { target: { kind: "int", max: 3 } },
      note: "per-position classes [B, C, H, W]",
    },
  ],
  badWiring: [
    {
      inputs: { input: ["B", 10], target: ["B", 1] },
      port: "target",
      message: /expected class indices \[B\] or probabilities \[B, 10\].*got \[B, 1\]/,
    },
    { inputs: { input: ["B"], target: ["B"] }, port: "input", message: /expected scores \[B, C\]/ },
    { inputs: { input: ["B", 10], target: undefined }, port: "target", message: /not connected/ },
  ],
});
