import { fmtSym, PortShapeError, requireRank } from "../../src/graph/symbolic";
import type { Tensor } from "../../src/ir/builder";
import { type BlockDef, defineBlock } from "../types";

interface Params {
  reduction: string;
}

/**
 * MSELoss and L1Loss: an elementwise penalty of (input − target), then mean or sum. Shapes
 * must match exactly, as torch warns when they only broadcast.
 */
export function pointwiseLoss(spec: {
  type: string;
  doc: string;
  penalty: (diff: Tensor) => Tensor;
}): BlockDef<Params> {
  return defineBlock<Params>({
    type: spec.type,
    category: "losses",
    doc: spec.doc,
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
      const e = spec.penalty(inputs.input!.sub(inputs.target!));
      return { loss: params.reduction === "sum" ? e.sum() : e.mean() };
    },
    // Independent normal draws never make input = target, so |·| is not met at its kink; in the
    // fan-out variant both ports share one tensor and x − x is identically 0, kink or not.
    examples: [
      { inputs: { input: [4, 3], target: [4, 3] } },
      { params: { reduction: "sum" }, inputs: { input: [5], target: [5] } },
    ],
    badWiring: [{ inputs: { input: ["B", 1], target: ["B"] }, port: "target", message: /must match/ }],
  });
}
