import { normDim } from "./lib/dims";
import { anyTensor } from "./lib/elementwise";
import { defineBlock } from "./types";

interface Params {
  dim0: number;
  dim1: number;
}

export const Transpose = defineBlock<Params>({
  type: "Transpose",
  category: "math",
  doc: "out = torch.transpose(x, dim0, dim1): the two dims swapped",
  params: [
    { name: "dim0", kind: "int", default: -2, min: -6, max: 5, doc: "first dim to swap" },
    { name: "dim1", kind: "int", default: -1, min: -6, max: 5, doc: "second dim to swap" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const x = anyTensor(inputs);
    const [i, j] = [normDim(params.dim0, x, "in", "dim0"), normDim(params.dim1, x, "in", "dim1")];
    const out = [...x];
    [out[i], out[j]] = [x[j], x[i]];
    return { out };
  },
  lower({ params, inputs }) {
    const x = inputs.in!;
    const s = [...x.shape];
    const perm = s.map((_, k) => k);
    const [i, j] = [normDim(params.dim0, s), normDim(params.dim1, s)];
    [perm[i], perm[j]] = [j, i];
    return { out: x.transpose(perm) };
  },
  examples: [
    { inputs: { in: [3, 4] } },
    { params: { dim0: 0, dim1: 2 }, inputs: { in: [2, 3, 4] }, note: "outer dims" },
    { params: { dim0: 1, dim1: -1 }, inputs: { in: [2, 3, 2, 2] }, note: "NCHW: channels last" },
    { params: { dim0: 1, dim1: 1 }, inputs: { in: [2, 3] }, note: "same dim: identity" },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { inputs: { in: ["B"] }, port: "in", message: /dim0 -2 is out of range for input \[B\]/ },
    {
      params: { dim0: 0, dim1: 3 },
      inputs: { in: ["B", 3, 4] },
      port: "in",
      message: /dim1 3 is out of range/,
    },
  ],
});
