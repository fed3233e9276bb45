import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Reshape = defineBlock<Record<string, never>>({
  type: "Reshape",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Reshape is not written yet");
  },
  examples: [],
  badWiring: [],
});
