import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const Conv2d = defineBlock<Record<string, never>>({
  type: "Conv2d",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("Conv2d is not written yet");
  },
  examples: [],
  badWiring: [],
});
