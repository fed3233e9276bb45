import { fmtSym, PortShapeError, requireRank } from "../src/graph/symbolic";
import { normDim } from "./lib/dims";
import { defineBlock } from "./types";

interface Params {
  dim: number;
}

const RANKS = [1, 2, 3, 4, 5, 6];

export const Concat = defineBlock<Params>({
  type: "Concat",
  category: "math",
  doc: "out = torch.cat([a, b], dim): b appended after a along dim",
  params: [
    {
      name: "dim",
      kind: "int",
      default: 1,
      min: -6,
      max: 5,
      doc: "dim to join along (1: features or channels, after the batch)",
    },
  ],
  inputs: [{ name: "a" }, { name: "b" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const a = requireRank(inputs, "a", RANKS, "a tensor of rank ≥ 1");
    const b = requireRank(inputs, "b", RANKS, "a tensor of rank ≥ 1");
    const d = normDim(params.dim, a, "a");
    const want = `[${a.map((s, i) => (i === d ? "n" : s)).join(", ")}]`;
    if (b.length !== a.length || b.some((s, i) => i !== d && s !== a[i])) {
      throw new PortShapeError(
        "b",
        `b ${fmtSym(b)} must match a ${fmtSym(a)} in every dim but ${params.dim}`,
        want,
        b,
      );
    }
    const [x, y] = [a[d], b[d]];
    if (x === "B" || y === "B") {
      // B + n has no name while the batch is symbolic, so joining along it is refused.
      throw new PortShapeError(
        y === "B" ? "b" : "a",
        `cannot concatenate along the batch dim ${params.dim} of ${fmtSym(a)} and ${fmtSym(b)}`,
      );
    }
    return { out: a.map((s, i) => (i === d ? x + y : s)) };
  },
  lower: ({ b, params, inputs }) => ({ out: b.concat([inputs.a!, inputs.b!], params.dim) }),
  examples: [
    { inputs: { a: [2, 3], b: [2, 3] } },
    { inputs: { a: [2, 3], b: [2, 5] }, note: "different widths" },
    { params: { dim: -1 }, inputs: { a: [2, 3, 2], b: [2, 3, 1] }, note: "last dim" },
    { params: { dim: 0 }, inputs: { a: [2, 3], b: [1, 3] }, note: "dim 0" },
  ],
  badWiring: [
    {
      inputs: { a: ["B", 3], b: ["B", 2, 2] },
      port: "b",
      message: /b \[B, 2, 2\] must match a \[B, 3\] in every dim but 1/,
    },
    { inputs: { a: ["B", 3, 4], b: ["B", 2, 5] }, port: "b", message: /must match a \[B, 3, 4\]/ },
    {
      params: { dim: 0 },
      inputs: { a: ["B", 3], b: ["B", 3] },
      port: "b",
      message: /cannot concatenate along the batch dim/,
    },
    { params: { dim: 2 }, inputs: { a: ["B", 3], b: ["B", 3] }, port: "a", message: /dim 2 is out of range/ },
    { inputs: { a: ["B", 3], b: undefined }, port: "b", message: /not connected/ },
  ],
});
