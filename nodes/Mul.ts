import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Mul = defineBlock<Record<string, never>>({
  type: "Mul",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Mul is not written yet");
  },
  examples: [],
  badWiring: [],
});
