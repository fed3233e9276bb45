import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Mean = defineBlock<Record<string, never>>({
  type: "Mean",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Mean is not written yet");
  },
  examples: [],
  badWiring: [],
});
