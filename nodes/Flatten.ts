import { fmtSym, PortShapeError, requireRank } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  start_dim: number;
  end_dim: number;
}

export const Flatten = defineBlock<Params>({
  type: "Flatten",
  category: "layers",
  doc: "y = x with dims start_dim…end_dim merged into one (the batch dim is never merged)",
  params: [
    {
      name: "start_dim",
      kind: "int",
      default: 1,
      min: -6,
      max: 5,
      doc: "first dim to flatten (counting the batch as 0)",
    },
    { name: "end_dim", kind: "int", default: -1, min: -6, max: 5, doc: "last dim to flatten (−1: the last)" },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const x = requireRank(inputs, "in", [1, 2, 3, 4, 5, 6], "a tensor [B, ...]");
    const s = params.start_dim < 0 ? params.start_dim + x.length : params.start_dim;
    const e = params.end_dim < 0 ? params.end_dim + x.length : params.end_dim;
    if (s < 0 || s >= x.length || e < 0 || e >= x.length) {
      throw new PortShapeError(
        "in",
        `start_dim ${params.start_dim} and end_dim ${params.end_dim} must be dims of the input ${fmtSym(x)}`,
        `a tensor with dims ${params.start_dim}…${params.end_dim}`,
        x,
      );
    }
    if (s > e) {
      throw new PortShapeError("in", `start_dim (${s}) comes after end_dim (${e}) for input ${fmtSym(x)}`);
    }
    if (s === e) return { out: x };
    const merged = x.slice(s, e + 1);
    if (merged.includes("B")) {
      // The batch size is symbolic, so B·n has no name; PyTorch allows it, we keep the batch apart.
      throw new PortShapeError(
        "in",
        `cannot merge the batch dim: flatten dims ${s}…${e} of ${fmtSym(x)} include B`,
      );
    }
    const n = (merged as number[]).reduce((p, d) => p * d, 1);
    return { out: [...x.slice(0, s), n, ...x.slice(e + 1)] };
  },
  lower({ params, inputs }) {
    const x = inputs.in!;
    const s = params.start_dim < 0 ? params.start_dim + x.rank : params.start_dim;
    const e = params.end_dim < 0 ? params.end_dim + x.rank : params.end_dim;
    return { out: x.reshape([...x.shape.slice(0, s), -1, ...x.shape.slice(e + 1)]) };
  },
  examples: [
    { inputs: { in: [2, 3, 2, 2] } },
    { params: { start_dim: 2 }, inputs: { in: [2, 3, 2, 2] }, note: "keep the channels" },
    { params: { start_dim: 1, end_dim: 2 }, inputs: { in: [2, 3, 2, 2] }, note: "middle dims" },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    {
      params: { start_dim: 0 },
      inputs: { in: ["B", 3, 4] },
      port: "in",
      message: /cannot merge the batch dim/,
    },
    {
      params: { start_dim: 2 },
      inputs: { in: ["B", 3] },
      port: "in",
      message: /must be dims of the input \[B, 3\]/,
    },
  ],
});
