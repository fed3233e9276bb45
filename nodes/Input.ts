import { defineBlock } from "./types";

interface Params {
  shape: number[];
}

export const Input = defineBlock<Params>({
  type: "Input",
  category: "data",
  doc: "x: [B, *shape], fed from outside (the batch dim is implicit)",
  params: [{ name: "shape", kind: "shape", default: [2], doc: "shape of one sample, without the batch" }],
  inputs: [],
  outputs: [{ name: "out" }],
  shape: ({ params }) => ({ out: ["B", ...params.shape] }),
  lower: ({ params, feed, batch }) => ({ out: feed("out", [batch, ...params.shape]) }),
  examples: [{ params: { shape: [3] }, inputs: {} }],
  badWiring: [],
});
