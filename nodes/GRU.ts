import {
  type Cell,
  gate,
  type RecurrentParams,
  recurrentBadWiring,
  recurrentParams,
  recurrentShape,
  recurrentWeights,
  unrollRecurrent,
} from "./lib/recurrent";
import { defineBlock } from "./types";

export const GRU = defineBlock<RecurrentParams>({
  type: "GRU",
  category: "layers",
  doc: "r, z = σ(W_i{r,z} x + b_i{r,z} + W_h{r,z} h + b_h{r,z});  n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn));  h_t = (1−z)n + z h",
  params: recurrentParams,
  inputs: [{ name: "in", doc: "a sequence [B, T, F] ([T, B, F] unless batch_first)" }],
  outputs: [
    { name: "out", doc: "the last layer's hidden state at every step, laid out as the input" },
    { name: "h_n", doc: "each layer's final hidden state [num_layers, B, H]" },
  ],
  shape: (ctx) => recurrentShape(ctx, ["h_n"]),
  weights: (ctx) => recurrentWeights(ctx, 3),
  lower({ b, params, inputs, weights }) {
    const cell: Cell = (xg, hg, prev, H) => {
      // PyTorch's gate order: reset, update, new. The reset gate scales W_hn h + b_hn
      // (bias included), which is why the input and hidden projections arrive apart.
      const r = gate(xg, 0, H)
        .add(gate(hg, 0, H))
        .sigmoid();
      const z = gate(xg, 1, H)
        .add(gate(hg, 1, H))
        .sigmoid();
      const n = gate(xg, 2, H)
        .add(r.mul(gate(hg, 2, H)))
        .tanh();
      // (1 − z)·n + z·h, written as n + z·(h − n).
      return { h: n.add(z.mul(prev.h.sub(n))) };
    };
    return unrollRecurrent(b, inputs.in!, weights, params, cell);
  },
  examples: [
    { params: { hidden_size: 3 }, inputs: { in: [2, 3, 2] } },
    {
      params: { hidden_size: 3, batch_first: false },
      inputs: { in: [3, 2, 2] },
      batch: 2,
      note: "time-major",
    },
    {
      params: { hidden_size: 2, num_layers: 2, bias: false },
      inputs: { in: [2, 3, 2] },
      note: "2 layers, no bias",
    },
  ],
  badWiring: recurrentBadWiring<RecurrentParams>(),
});
