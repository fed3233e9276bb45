import { fmtSym, PortShapeError, requireRank } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  reduction: string;
}

export const BCEWithLogitsLoss = defineBlock<Params>({
  type: "BCEWithLogitsLoss",
  category: "losses",
  doc: "loss = mean(max(x, 0) − x·t + log(1 + e^−|x|)) = mean(−t·log σ(x) − (1−t)·log(1−σ(x)))",
  params: [
    {
      name: "reduction",
      kind: "enum",
      default: "mean",
      options: ["mean", "sum"],
      doc: "mean or sum over elements",
    },
  ],
  inputs: [
    { name: "input", doc: "logits x" },
    { name: "target", doc: "t in [0, 1], same shape as the input" },
  ],
  outputs: [{ name: "loss" }],
  shape({ inputs }) {
    const x = requireRank(inputs, "input", [0, 1, 2, 3, 4, 5], "a tensor of logits");
    const t = requireRank(inputs, "target", [0, 1, 2, 3, 4, 5], "a tensor of targets");
    // torch refuses to broadcast here too ("Target size must be the same as input size").
    if (fmtSym(x) !== fmtSym(t)) {
      throw new PortShapeError("target", `target ${fmtSym(t)} must match input ${fmtSym(x)}`, fmtSym(x), t);
    }
    return { loss: [] };
  },
  lower({ inputs, params, metric }) {
    const x = inputs.input!;
    const t = inputs.target!;
    // The stable form: no exp of a positive number, so large |x| neither overflows nor loses the loss.
    const l = x.relu().sub(x.mul(t)).add(x.abs().neg().exp().add(1).log());
    metric("accuracy", x.gt(0).eq(t.gt(0.5)).mean());
    return { loss: params.reduction === "sum" ? l.sum() : l.mean() };
  },
  examples: [
    {
      inputs: { input: [4, 3], target: [4, 3] },
      domains: { target: { kind: "positive", min: 0.05, max: 0.95 } },
    },
    {
      params: { reduction: "sum" },
      inputs: { input: [6], target: [6] },
      domains: { input: { kind: "normal", scale: 4 }, target: { kind: "int", max: 2 } },
      note: "0/1 labels, large logits",
    },
  ],
  badWiring: [
    {
      inputs: { input: ["B", 1], target: ["B"] },
      port: "target",
      message: /target \[B\] must match input \[B, 1\]/,
    },
    { inputs: { input: undefined, target: ["B"] }, port: "input", message: /not connected/ },
  ],
});
