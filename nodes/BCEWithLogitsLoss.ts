import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const BCEWithLogitsLoss = defineBlock<Record<string, never>>({
  type: "BCEWithLogitsLoss",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("BCEWithLogitsLoss is not written yet");
  },
  examples: [],
  badWiring: [],
});
