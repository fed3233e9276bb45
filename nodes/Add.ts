import { broadcastSym, PortShapeError } from "../src/graph/symbolic";
import { defineBlock } from "./types";

export const Add = defineBlock<Record<string, never>>({
  type: "Add",
  category: "math",
  doc: "out = a + b (broadcasting, as torch.add)",
  params: [],
  inputs: [{ name: "a" }, { name: "b" }],
  outputs: [{ name: "out" }],
  shape({ inputs }) {
    if (!inputs.a) throw new PortShapeError("a", 'input "a" is not connected');
    if (!inputs.b) throw new PortShapeError("b", 'input "b" is not connected');
    return { out: broadcastSym(inputs.a, inputs.b, "b") };
  },
  lower: ({ inputs }) => ({ out: inputs.a!.add(inputs.b!) }),
  examples: [
    { inputs: { a: [3, 4], b: [3, 4] } },
    { inputs: { a: [3, 4], b: [4] }, note: "broadcast" },
    { inputs: { a: [3, 1], b: [1, 4] }, note: "broadcast both ways" },
  ],
  badWiring: [
    { inputs: { a: ["B", 3], b: ["B", 4] }, port: "b", message: /do not broadcast/ },
    { inputs: { a: ["B", 3], b: undefined }, port: "b", message: /not connected/ },
  ],
});
