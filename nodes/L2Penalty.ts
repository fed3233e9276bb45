import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const L2Penalty = defineBlock<Record<string, never>>({
  type: "L2Penalty",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("L2Penalty is not written yet");
  },
  examples: [],
  badWiring: [],
});
