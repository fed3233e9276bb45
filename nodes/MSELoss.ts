import { fmtSym, PortShapeError, requireRank } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  reduction: string;
}

export const MSELoss = defineBlock<Params>({
  type: "MSELoss",
  category: "losses",
  doc: "loss = mean((input − target)²)",
  params: [
    {
      name: "reduction",
      kind: "enum",
      default: "mean",
      options: ["mean", "sum"],
      doc: "mean or sum over elements",
    },
  ],
  inputs: [{ name: "input" }, { name: "target" }],
  outputs: [{ name: "loss" }],
  shape({ inputs }) {
    const x = requireRank(inputs, "input", [0, 1, 2, 3, 4, 5], "a tensor");
    const t = requireRank(inputs, "target", [0, 1, 2, 3, 4, 5], "a tensor");
    if (fmtSym(x) !== fmtSym(t)) {
      throw new PortShapeError("target", `target ${fmtSym(t)} must match input ${fmtSym(x)}`, fmtSym(x), t);
    }
    return { loss: [] };
  },
  lower({ inputs, params }) {
    const se = inputs.input!.sub(inputs.target!).square();
    return { loss: params.reduction === "sum" ? se.sum() : se.mean() };
  },
  examples: [
    { inputs: { input: [4, 3], target: [4, 3] } },
    { params: { reduction: "sum" }, inputs: { input: [5], target: [5] } },
  ],
  badWiring: [{ inputs: { input: ["B", 1], target: ["B"] }, port: "target", message: /must match/ }],
});
