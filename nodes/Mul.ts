import { broadcastPorts } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Mul = defineBlock<Record<string, never>>({
  type: "Mul",
  category: "math",
  doc: "out = a · b (elementwise, broadcasting, as torch.mul)",
  params: [],
  inputs: [{ name: "a" }, { name: "b" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: broadcastPorts(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.a!.mul(inputs.b!) }),
  examples: [
    { inputs: { a: [3, 4], b: [3, 4] } },
    { inputs: { a: [3, 4], b: [4] }, note: "broadcast" },
    { inputs: { a: [3, 1], b: [1, 4] }, note: "broadcast both ways" },
    { inputs: { a: [], b: [] }, note: "scalars" },
    { inputs: { a: [2, 3], b: [] }, note: "broadcast a scalar" },
  ],
  badWiring: [
    { inputs: { a: ["B", 3], b: ["B", 4] }, port: "b", message: /do not broadcast/ },
    { inputs: { a: undefined, b: ["B", 3] }, port: "a", message: /not connected/ },
  ],
});
