import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Constant = defineBlock<Record<string, never>>({
  type: "Constant",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Constant is not written yet");
  },
  examples: [],
  badWiring: [],
});
