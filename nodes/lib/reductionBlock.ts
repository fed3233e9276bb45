import type { Tensor } from "../../src/ir/builder";
import { type BlockDef, defineBlock } from "../types";
import { reduceDims, reducedShape } from "./dims";
import { anyTensor } from "./elementwise";

interface Params {
  dim: number[];
  keepdim: boolean;
}

/** Sum and Mean: torch.sum / torch.mean over `dim`; they differ only in the reduction. */
export function reductionBlock(spec: {
  type: string;
  doc: string;
  reduce: (x: Tensor, dims: number[], keepdim: boolean) => Tensor;
}): BlockDef<Params> {
  return defineBlock<Params>({
    type: spec.type,
    category: "math",
    doc: spec.doc,
    // torch's dim is None, an int or a tuple; a list covers all three, [] standing for None.
    params: [
      {
        name: "dim",
        kind: "floats",
        default: [],
        doc: "dims to reduce, negative from the end; [] reduces all",
      },
      { name: "keepdim", kind: "bool", default: false, doc: "keep the reduced dims as size 1" },
    ],
    inputs: [{ name: "in" }],
    outputs: [{ name: "out" }],
    shape({ params, inputs }) {
      const x = anyTensor(inputs);
      return { out: reducedShape(x, reduceDims(params.dim, x), params.keepdim) };
    },
    lower({ params, inputs }) {
      const x = inputs.in!;
      return { out: spec.reduce(x, reduceDims(params.dim, [...x.shape]), params.keepdim) };
    },
    examples: [
      { inputs: { in: [3, 4] } },
      { params: { dim: [1] }, inputs: { in: [3, 4] }, note: "one dim" },
      { params: { dim: [0, -1], keepdim: true }, inputs: { in: [2, 3, 4] }, note: "two dims, keepdim" },
      { params: { dim: [-1] }, inputs: { in: [5] }, note: "a vector to a scalar" },
      { inputs: { in: [] }, note: "scalar" },
    ],
    badWiring: [
      { inputs: { in: undefined }, port: "in", message: /not connected/ },
      {
        params: { dim: [2] },
        inputs: { in: ["B", 4] },
        port: "in",
        message: /dim 2 is out of range for input \[B, 4\]/,
      },
      { params: { dim: [1, -1] }, inputs: { in: ["B", 4] }, port: "in", message: /names a dim twice/ },
    ],
  });
}
