import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const GumbelSoftmax = defineBlock<Record<string, never>>({
  type: "GumbelSoftmax",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("GumbelSoftmax is not written yet");
  },
  examples: [],
  badWiring: [],
});
