import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const MaxPool2d = defineBlock<Record<string, never>>({
  type: "MaxPool2d",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("MaxPool2d is not written yet");
  },
  examples: [],
  badWiring: [],
});
