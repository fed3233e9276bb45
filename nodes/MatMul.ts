import {
  broadcastSym,
  type Dim,
  fmtSym,
  PortShapeError,
  requireRank,
  type SymShape,
} from "../src/graph/symbolic";
import { defineBlock } from "./types";

const RANKS = [1, 2, 3, 4, 5, 6];
const WHAT = "a tensor of rank ≥ 1 (a vector, a matrix or a batch of matrices)";

/**
 * torch.matmul's shape: a 1-D `a` is a row [1, k], a 1-D `b` a column [k, 1], and the dim
 * added for it is dropped again from the result; the leading (batch) dims broadcast.
 */
function matmulShape(a: SymShape, b: SymShape): SymShape {
  const a2: Dim[] = a.length === 1 ? [1, a[0]] : a;
  const b2: Dim[] = b.length === 1 ? [b[0], 1] : b;
  const k = a2[a2.length - 1];
  const k2 = b2[b2.length - 2];
  if (k !== k2) {
    throw new PortShapeError(
      "b",
      `inner sizes differ: a ${fmtSym(a)} @ b ${fmtSym(b)} (${k} vs ${k2})`,
      b.length === 1 ? `[${k}]` : `[..., ${k}, n]`,
      b,
    );
  }
  let batch: SymShape;
  try {
    batch = broadcastSym(a2.slice(0, -2), b2.slice(0, -2), "b");
  } catch {
    throw new PortShapeError(
      "b",
      `batch dims do not broadcast: a ${fmtSym(a)} @ b ${fmtSym(b)}`,
      `batch dims broadcastable with ${fmtSym(a2.slice(0, -2))}`,
      b,
    );
  }
  const m = a.length === 1 ? [] : [a2[a2.length - 2]];
  const n = b.length === 1 ? [] : [b2[b2.length - 1]];
  return [...batch, ...m, ...n];
}

export const MatMul = defineBlock<Record<string, never>>({
  type: "MatMul",
  category: "math",
  doc: "out = a @ b (torch.matmul: vectors, matrices, broadcast batches of matrices)",
  params: [],
  inputs: [{ name: "a" }, { name: "b" }],
  outputs: [{ name: "out" }],
  shape({ inputs }) {
    const a = requireRank(inputs, "a", RANKS, WHAT);
    const b = requireRank(inputs, "b", RANKS, WHAT);
    return { out: matmulShape(a, b) };
  },
  lower({ inputs }) {
    const a = inputs.a!;
    const b = inputs.b!;
    // The matmul primitive wants rank ≥ 2: promote vectors as torch does, then drop the dim again.
    const y = (a.rank === 1 ? a.reshape([1, a.shape[0]]) : a).matmul(
      b.rank === 1 ? b.reshape([b.shape[0], 1]) : b,
    );
    return { out: y.reshape(matmulShape([...a.shape], [...b.shape]) as number[]) };
  },
  examples: [
    { inputs: { a: [3, 3], b: [3, 3] } },
    { inputs: { a: [2, 3, 4], b: [4, 5] }, note: "broadcast" },
    { inputs: { a: [2, 1, 3, 4], b: [3, 4, 2] }, note: "broadcast both ways" },
    { inputs: { a: [4], b: [4, 3] }, note: "vector @ matrix" },
    { inputs: { a: [3, 4], b: [4] }, note: "matrix @ vector" },
    { inputs: { a: [4], b: [4] }, note: "dot product, a scalar" },
    { inputs: { a: [4], b: [2, 4, 3] }, note: "vector @ batch of matrices" },
  ],
  badWiring: [
    {
      inputs: { a: ["B", 4], b: [5, 3] },
      port: "b",
      message: /inner sizes differ: a \[B, 4\] @ b \[5, 3\] \(4 vs 5\)/,
    },
    { inputs: { a: [2, 3, 4], b: [3, 4, 5] }, port: "b", message: /batch dims do not broadcast/ },
    { inputs: { a: [], b: [3] }, port: "a", message: /expected a tensor of rank ≥ 1/ },
    { inputs: { a: ["B", 4], b: undefined }, port: "b", message: /not connected/ },
  ],
});
