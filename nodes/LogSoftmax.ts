import { defineBlock } from "./types";

// PLACEHOLDER: being written; it has no examples, so the coverage test fails until it is done.
export const LogSoftmax = defineBlock<Record<string, never>>({
  type: "LogSoftmax",
  category: "math",
  doc: "TODO",
  params: [],
  inputs: [],
  outputs: [],
  shape: () => ({}),
  lower: () => {
    throw new Error("LogSoftmax is not written yet");
  },
  examples: [],
  badWiring: [],
});
