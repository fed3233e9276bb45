import { broadcastPorts } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Pow = defineBlock<Record<string, never>>({
  type: "Pow",
  category: "math",
  doc: "out = aᵇ (elementwise, broadcasting, as torch.pow)",
  params: [],
  inputs: [{ name: "a" }, { name: "b" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: broadcastPorts(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.a!.pow(inputs.b!) }),
  examples: [
    // a > 0: a real aᵇ for any b, and log a (in d/db) is defined.
    { inputs: { a: [3, 4], b: [3, 4] }, domains: { a: { kind: "positive", min: 0.5, max: 2 } } },
    { inputs: { a: [3, 4], b: [4] }, domains: { a: { kind: "positive" } }, note: "broadcast" },
    { inputs: { a: [3, 1], b: [1, 4] }, domains: { a: { kind: "positive" } }, note: "broadcast both ways" },
    { inputs: { a: [], b: [] }, domains: { a: { kind: "positive" } }, note: "scalars" },
    {
      inputs: { a: [2, 3], b: [] },
      domains: { a: { kind: "positive" } },
      note: "broadcast a scalar exponent",
    },
  ],
  badWiring: [
    { inputs: { a: ["B", 3], b: ["B", 4] }, port: "b", message: /do not broadcast/ },
    { inputs: { a: undefined, b: ["B", 3] }, port: "a", message: /not connected/ },
  ],
});
