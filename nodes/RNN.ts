import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const RNN = defineBlock<Record<string, never>>({
  type: "RNN",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("RNN is not written yet");
  },
  examples: [],
  badWiring: [],
});
