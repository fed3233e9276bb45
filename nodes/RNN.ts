import {
  type Cell,
  type RecurrentParams,
  recurrentBadWiring,
  recurrentParams,
  recurrentShape,
  recurrentWeights,
  unrollRecurrent,
} from "./lib/recurrent";
import { defineBlock } from "./types";

interface Params extends RecurrentParams {
  nonlinearity: string;
}

export const RNN = defineBlock<Params>({
  type: "RNN",
  category: "layers",
  doc: "h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh) (or relu), h_0 = 0; out = all h_t",
  params: [
    ...recurrentParams,
    { name: "nonlinearity", kind: "enum", default: "tanh", options: ["tanh", "relu"], doc: "the activation" },
  ],
  inputs: [{ name: "in", doc: "a sequence [B, T, F] ([T, B, F] unless batch_first)" }],
  outputs: [
    { name: "out", doc: "the last layer's hidden state at every step, laid out as the input" },
    { name: "h_n", doc: "each layer's final hidden state [num_layers, B, H]" },
  ],
  shape: (ctx) => recurrentShape(ctx, ["h_n"]),
  weights: (ctx) => recurrentWeights(ctx, 1),
  lower({ b, params, inputs, weights }) {
    const cell: Cell = (xg, hg) => {
      const pre = xg.add(hg);
      return { h: params.nonlinearity === "relu" ? pre.relu() : pre.tanh() };
    };
    return unrollRecurrent(b, inputs.in!, weights, params, cell);
  },
  examples: [
    { params: { hidden_size: 3 }, inputs: { in: [2, 3, 2] } },
    {
      params: { hidden_size: 3, nonlinearity: "relu", batch_first: false },
      inputs: { in: [3, 2, 2] },
      batch: 2,
      note: "relu, time-major",
    },
    {
      params: { hidden_size: 3, num_layers: 2, bias: false },
      inputs: { in: [2, 3, 2] },
      note: "2 layers, no bias",
    },
  ],
  badWiring: recurrentBadWiring<Params>(),
});
