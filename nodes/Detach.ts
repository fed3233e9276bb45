import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Detach = defineBlock<Record<string, never>>({
  type: "Detach",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Detach is not written yet");
  },
  examples: [],
  badWiring: [],
});
