import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const BatchNorm1d = defineBlock<Record<string, never>>({
  type: "BatchNorm1d",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("BatchNorm1d is not written yet");
  },
  examples: [],
  badWiring: [],
});
