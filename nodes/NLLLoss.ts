import { classesLast, classTargetKind, indexAccuracy, pickClass } from "./lib/classTargets";
import { defineBlock } from "./types";

interface Params {
  reduction: string;
}

export const NLLLoss = defineBlock<Params>({
  type: "NLLLoss",
  category: "losses",
  doc: "loss = −mean_n input[n, target_n] (input holds log-probabilities, e.g. from LogSoftmax)",
  params: [
    {
      name: "reduction",
      kind: "enum",
      default: "mean",
      options: ["mean", "sum"],
      doc: "mean or sum over samples (and positions d1, …)",
    },
  ],
  inputs: [
    { name: "input", doc: "log-probabilities [B, C] or [B, C, d1, …]" },
    { name: "target", doc: "class indices [B] or [B, d1, …]" },
  ],
  outputs: [{ name: "loss" }],
  shape({ inputs }) {
    classTargetKind(inputs, false);
    return { loss: [] };
  },
  lower({ inputs, params, metric }) {
    const logp = classesLast(inputs.input!);
    const idx = inputs.target!.reshape([-1]);
    const picked = pickClass(logp, idx);
    // Log-probabilities are monotone in the logits, so their argmax is the prediction.
    metric("accuracy", indexAccuracy(logp, idx));
    return { loss: params.reduction === "sum" ? picked.sum().neg() : picked.mean().neg() };
  },
  examples: [
    { inputs: { input: [4, 3], target: [4] }, domains: { target: { kind: "int", max: 3 } } },
    {
      params: { reduction: "sum" },
      inputs: { input: [2, 3, 4], target: [2, 4] },
      domains: { target: { kind: "int", max: 3 } },
      note: "per-position classes [B, C, L]",
    },
  ],
  badWiring: [
    {
      inputs: { input: ["B", 10], target: ["B", 10] },
      port: "target",
      message: /expected class indices \[B\] for input \[B, 10\], got \[B, 10\]/,
    },
    { inputs: { input: ["B", 10], target: undefined }, port: "target", message: /not connected/ },
  ],
});
