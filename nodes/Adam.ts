import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Adam = defineBlock<Record<string, never>>({
  type: "Adam",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Adam is not written yet");
  },
  examples: [],
  badWiring: [],
});
