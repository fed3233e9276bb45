import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Abs = defineBlock<Record<string, never>>({
  type: "Abs",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Abs is not written yet");
  },
  examples: [],
  badWiring: [],
});
