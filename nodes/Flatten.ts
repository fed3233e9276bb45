import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Flatten = defineBlock<Record<string, never>>({
  type: "Flatten",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Flatten is not written yet");
  },
  examples: [],
  badWiring: [],
});
