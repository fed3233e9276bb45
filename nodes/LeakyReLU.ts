import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const LeakyReLU = defineBlock<Record<string, never>>({
  type: "LeakyReLU",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("LeakyReLU is not written yet");
  },
  examples: [],
  badWiring: [],
});
