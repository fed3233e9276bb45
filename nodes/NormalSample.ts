import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const NormalSample = defineBlock<Record<string, never>>({
  type: "NormalSample",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("NormalSample is not written yet");
  },
  examples: [],
  badWiring: [],
});
