import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Sigmoid = defineBlock<Record<string, never>>({
  type: "Sigmoid",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Sigmoid is not written yet");
  },
  examples: [],
  badWiring: [],
});
