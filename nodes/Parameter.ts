import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Parameter = defineBlock<Record<string, never>>({
  type: "Parameter",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Parameter is not written yet");
  },
  examples: [],
  badWiring: [],
});
