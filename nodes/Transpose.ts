import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Transpose = defineBlock<Record<string, never>>({
  type: "Transpose",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Transpose is not written yet");
  },
  examples: [],
  badWiring: [],
});
