import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Pow = defineBlock<Record<string, never>>({
  type: "Pow",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Pow is not written yet");
  },
  examples: [],
  badWiring: [],
});
