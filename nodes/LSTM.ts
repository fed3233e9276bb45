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

export const LSTM = defineBlock<RecurrentParams>({
  type: "LSTM",
  category: "layers",
  doc: "[i f g o] = x_t W_ihᵀ + b_ih + h W_hhᵀ + b_hh;  c_t = σ(f)c + σ(i)tanh(g);  h_t = σ(o)tanh(c_t)",
  params: recurrentParams,
  inputs: [{ name: "in", doc: "a sequence [B, T, F] ([T, B, F] unless batch_first)" }],
  outputs: [
    { name: "out", doc: "the last layer's hidden state at every step, laid out as the input" },
    { name: "h_n", doc: "each layer's final hidden state [num_layers, B, H]" },
    { name: "c_n", doc: "each layer's final cell state [num_layers, B, H]" },
  ],
  shape: (ctx) => recurrentShape(ctx, ["h_n", "c_n"]),
  weights: (ctx) => recurrentWeights(ctx, 4),
  lower({ b, params, inputs, weights }) {
    const cell: Cell = (xg, hg, prev, H) => {
      // PyTorch's gate order along the rows of W: input, forget, cell (g), output.
      const pre = xg.add(hg);
      const i = gate(pre, 0, H).sigmoid();
      const f = gate(pre, 1, H).sigmoid();
      const g = gate(pre, 2, H).tanh();
      const o = gate(pre, 3, H).sigmoid();
      const c = f.mul(prev.c!).add(i.mul(g));
      return { h: o.mul(c.tanh()), c };
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
