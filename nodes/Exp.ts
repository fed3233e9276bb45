import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Exp = defineBlock<Record<string, never>>({
  type: "Exp",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Exp is not written yet");
  },
  examples: [],
  badWiring: [],
});
