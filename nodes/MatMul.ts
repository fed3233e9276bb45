import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const MatMul = defineBlock<Record<string, never>>({
  type: "MatMul",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("MatMul is not written yet");
  },
  examples: [],
  badWiring: [],
});
