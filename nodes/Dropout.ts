import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Dropout = defineBlock<Record<string, never>>({
  type: "Dropout",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Dropout is not written yet");
  },
  examples: [],
  badWiring: [],
});
