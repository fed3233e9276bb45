import { broadcastPorts } from "./lib/elementwise";
import { defineBlock } from "./types";

export const Sub = defineBlock<Record<string, never>>({
  type: "Sub",
  category: "math",
  doc: "out = a − b (broadcasting, as torch.sub)",
  params: [],
  inputs: [{ name: "a" }, { name: "b" }],
  outputs: [{ name: "out" }],
  shape: ({ inputs }) => ({ out: broadcastPorts(inputs) }),
  lower: ({ inputs }) => ({ out: inputs.a!.sub(inputs.b!) }),
  examples: [
    { inputs: { a: [3, 4], b: [3, 4] } },
    { inputs: { a: [3, 4], b: [4] }, note: "broadcast" },
    { inputs: { a: [3, 1], b: [1, 4] }, note: "broadcast both ways" },
    { inputs: { a: [], b: [] }, note: "scalars" },
    { inputs: { a: [], b: [3] }, note: "broadcast a scalar" },
  ],
  badWiring: [
    { inputs: { a: ["B", 3], b: ["B", 4] }, port: "b", message: /do not broadcast/ },
    { inputs: { a: undefined, b: ["B", 3] }, port: "a", message: /not connected/ },
  ],
});
