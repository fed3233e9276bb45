import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const GaussianKL = defineBlock<Record<string, never>>({
  type: "GaussianKL",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("GaussianKL is not written yet");
  },
  examples: [],
  badWiring: [],
});
