import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const RMSprop = defineBlock<Record<string, never>>({
  type: "RMSprop",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("RMSprop is not written yet");
  },
  examples: [],
  badWiring: [],
});
