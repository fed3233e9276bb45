import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Sin = defineBlock<Record<string, never>>({
  type: "Sin",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Sin is not written yet");
  },
  examples: [],
  badWiring: [],
});
