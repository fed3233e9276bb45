import { requireRank } from "../../src/graph/symbolic";
import type { Tensor } from "../../src/ir/builder";
import { type BlockDef, defineBlock } from "../types";
import { normDim } from "./dims";

interface Params {
  dim: number;
}

/** Softmax and LogSoftmax: the same shape rule and examples, a different normalisation. */
export function normaliseBlock(spec: {
  type: string;
  doc: string;
  dimDoc: string;
  apply: (x: Tensor, dim: number) => Tensor;
}): BlockDef<Params> {
  return defineBlock<Params>({
    type: spec.type,
    category: "activations",
    doc: spec.doc,
    params: [{ name: "dim", kind: "int", default: -1, min: -6, max: 5, doc: spec.dimDoc }],
    inputs: [{ name: "in" }],
    outputs: [{ name: "out" }],
    shape({ params, inputs }) {
      const x = requireRank(inputs, "in", [1, 2, 3, 4, 5, 6], "a tensor of rank ≥ 1");
      normDim(params.dim, x);
      return { out: x };
    },
    lower: ({ params, inputs }) => ({ out: spec.apply(inputs.in!, params.dim) }),
    examples: [
      { inputs: { in: [3, 4] } },
      { params: { dim: 1 }, inputs: { in: [2, 3, 2, 2] }, note: "over the channels of an image" },
      { params: { dim: 0 }, inputs: { in: [4, 3] }, note: "over the batch" },
      {
        inputs: { in: [5] },
        domains: { in: { kind: "normal", scale: 30 } },
        note: "large logits, no overflow",
      },
    ],
    badWiring: [
      { inputs: { in: undefined }, port: "in", message: /not connected/ },
      {
        params: { dim: 2 },
        inputs: { in: ["B", 10] },
        port: "in",
        message: /dim 2 is out of range for input \[B, 10\]/,
      },
      { inputs: { in: [] }, port: "in", message: /expected a tensor of rank ≥ 1, got \[\]/ },
    ],
  });
}
