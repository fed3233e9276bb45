import { reduceDims, reducedShape } from "./lib/dims";
import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

interface Params {
  dim: number[];
  keepdim: boolean;
}

export const Sum = defineBlock<Params>({
  type: "Sum",
  category: "math",
  doc: "out = Σ x over dim (all dims when dim is []), as torch.sum(x, dim, keepdim)",
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
    return { out: x.sum(reduceDims(params.dim, [...x.shape]), params.keepdim) };
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
