import { requireRank } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  num_embeddings: number;
  embedding_dim: number;
}

export const Embedding = defineBlock<Params>({
  type: "Embedding",
  category: "layers",
  doc: "y[..., :] = W[x[...], :] (a lookup of integer indices into the rows of W)",
  params: [
    {
      name: "num_embeddings",
      kind: "int",
      default: 10,
      min: 1,
      max: 1e6,
      doc: "size of the dictionary (indices 0 … n−1)",
    },
    {
      name: "embedding_dim",
      kind: "int",
      default: 8,
      min: 1,
      max: 65536,
      doc: "size of each embedding vector",
    },
  ],
  inputs: [{ name: "in", doc: "integer indices (as floats)" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const x = requireRank(inputs, "in", [1, 2, 3, 4, 5], "a tensor of indices [B, ...]");
    return { out: [...x, params.embedding_dim] };
  },
  weights: ({ params }) => ({
    // PyTorch initialises embeddings from N(0, 1).
    weight: { shape: [params.num_embeddings, params.embedding_dim], init: { kind: "normal", std: 1 } },
  }),
  // gather's adjoint scatter-adds into the rows that were read, as PyTorch's dense gradient.
  lower: ({ inputs, weights }) => ({ out: weights.weight.gather(inputs.in!, 0) }),
  examples: [
    {
      params: { num_embeddings: 5, embedding_dim: 3 },
      inputs: { in: [4] },
      domains: { in: { kind: "int", max: 5 } },
    },
    {
      params: { num_embeddings: 4, embedding_dim: 2 },
      inputs: { in: [2, 6] },
      domains: { in: { kind: "int", max: 4 } },
      note: "sequences, repeated indices",
    },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { inputs: { in: [] }, port: "in", message: /expected a tensor of indices \[B, \.\.\.\], got \[\]/ },
  ],
});
