import { broadcastPorts } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Div = defineBlock<Record<string, never>>({
  type: "Div",
  category: "math",
  doc: "out = a / b (elementwise, broadcasting, as torch.div)",
  params: [],
  inputs: [{ name: "a" }, { name: "b" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: broadcastPorts(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.a!.div(inputs.b!) }),
  examples: [
    // b is kept away from 0, where a / b blows up and finite differences mean nothing.
    { inputs: { a: [3, 4], b: [3, 4] }, domains: { b: { kind: "positive", min: 0.5, max: 2 } } },
    { inputs: { a: [3, 4], b: [4] }, domains: { b: { kind: "positive" } }, note: "broadcast" },
    { inputs: { a: [3, 1], b: [1, 4] }, domains: { b: { kind: "positive" } }, note: "broadcast both ways" },
    { inputs: { a: [], b: [] }, domains: { b: { kind: "positive" } }, note: "scalars" },
    { inputs: { a: [], b: [3] }, domains: { b: { kind: "positive" } }, note: "broadcast a scalar" },
  ],
  badWiring: [
    { inputs: { a: ["B", 3], b: ["B", 4] }, port: "b", message: /do not broadcast/ },
    { inputs: { a: undefined, b: ["B", 3] }, port: "a", message: /not connected/ },
  ],
});
