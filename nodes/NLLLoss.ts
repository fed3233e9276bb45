import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const NLLLoss = defineBlock<Record<string, never>>({
  type: "NLLLoss",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("NLLLoss is not written yet");
  },
  examples: [],
  badWiring: [],
});
