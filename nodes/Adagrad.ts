import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Adagrad = defineBlock<Record<string, never>>({
  type: "Adagrad",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Adagrad is not written yet");
  },
  examples: [],
  badWiring: [],
});
