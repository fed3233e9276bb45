import { requireRank, type SymShape, staticDim } from "../../src/graph/symbolic";
import type { IRBuilder, Tensor } from "../../src/ir/builder";
import type { BadWiring, ParamSpec, ShapeCtx, WeightSpec } from "../types";

// What RNN, LSTM and GRU share: params, the shape rule, PyTorch's weight layout and the
// unrolling over time. Each block only supplies its cell, so the three differ in one place.

export interface RecurrentParams {
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
}

export const recurrentParams: ParamSpec[] = [
  { name: "hidden_size", kind: "int", default: 8, min: 1, max: 4096, doc: "features H in the hidden state" },
  {
    name: "num_layers",
    kind: "int",
    default: 1,
    min: 1,
    max: 16,
    doc: "stacked layers, each reading the one below",
  },
  { name: "bias", kind: "bool", default: true, doc: "learn bias_ih and bias_hh" },
  {
    name: "batch_first",
    kind: "bool",
    default: true,
    doc: "input and out are [B, T, F] (else [T, B, F], PyTorch's own default)",
  },
];

/** The hidden (and cell) state of one layer between time steps, each [B, H]. */
export interface CellState {
  h: Tensor;
  c?: Tensor;
}

/**
 * One time step of one layer. `xg` = x_t W_ihᵀ + b_ih and `hg` = h W_hhᵀ + b_hh, both
 * [B, gates·H]: kept apart because GRU's candidate gate scales only the hidden part.
 */
export type Cell = (xg: Tensor, hg: Tensor, prev: CellState, hidden: number) => CellState;

/** Slice gate k of `gates` (PyTorch stacks them along the last dim: [g0 | g1 | …]). */
export function gate(t: Tensor, k: number, hidden: number): Tensor {
  return t.sliceAxis(-1, k * hidden, (k + 1) * hidden);
}

/** Output shapes: out [B, T, H] (or [T, B, H]), h_n [num_layers, B, H], and c_n for LSTM. */
export function recurrentShape(
  { params, inputs }: ShapeCtx<RecurrentParams>,
  states: string[],
): Record<string, SymShape> {
  const order = params.batch_first ? "[B, T, F]" : "[T, B, F]";
  const x = requireRank(inputs, "in", 3, `a sequence ${order}`);
  const [bAt, tAt] = params.batch_first ? [0, 1] : [1, 0];
  // The loop is unrolled at lowering, so the sequence length must be fixed.
  staticDim(x, tAt, "in", `the sequence length T (dim ${tAt} of ${order})`);
  staticDim(x, 2, "in", "input_size F (the last dim)");
  const H = params.hidden_size;
  // out keeps the input's layout, only F becomes H.
  const final: SymShape = [params.num_layers, x[bAt], H];
  return { out: [x[0], x[1], H], ...Object.fromEntries(states.map((s) => [s, final])) };
}

/** state_dict weights as PyTorch names them, all drawn from U(−1/√H, 1/√H). */
export function recurrentWeights(
  { params, inputs }: ShapeCtx<RecurrentParams>,
  gates: number,
): Record<string, WeightSpec> {
  const F = staticDim(inputs.in!, 2, "in", "input_size F");
  const H = params.hidden_size;
  const init = { kind: "uniform", bound: 1 / Math.sqrt(H) } as const;
  const w: Record<string, WeightSpec> = {};
  for (let k = 0; k < params.num_layers; k++) {
    // Layer k > 0 reads the hidden states of layer k − 1.
    w[`weight_ih_l${k}`] = { shape: [gates * H, k === 0 ? F : H], init };
    w[`weight_hh_l${k}`] = { shape: [gates * H, H], init };
    if (params.bias) {
      w[`bias_ih_l${k}`] = { shape: [gates * H], init };
      w[`bias_hh_l${k}`] = { shape: [gates * H], init };
    }
  }
  return w;
}

/** Run the stacked layers over the whole sequence; returns out, h_n and (with a cell state) c_n. */
export function unrollRecurrent(
  b: IRBuilder,
  x: Tensor,
  weights: Record<string, Tensor>,
  params: RecurrentParams,
  cell: Cell,
): Record<string, Tensor> {
  const H = params.hidden_size;
  // Work time-major: [T, B, F].
  let seq = params.batch_first ? x.transpose([1, 0, 2]) : x;
  const [T, B] = seq.shape;
  const finals: CellState[] = [];
  for (let k = 0; k < params.num_layers; k++) {
    const wih = weights[`weight_ih_l${k}`];
    const whh = weights[`weight_hh_l${k}`];
    const bih = weights[`bias_ih_l${k}`];
    const bhh = weights[`bias_hh_l${k}`];
    const G = wih.shape[0];
    // The input projection does not depend on h, so all T steps go through one matmul.
    let xg = seq.reshape([T * B, seq.shape[2]]).matmul(wih.T);
    if (bih) xg = xg.add(bih);
    xg = xg.reshape([T, B, G]);
    // PyTorch's default h0 (and LSTM's c0) is zero; cells without a cell state ignore c.
    let state: CellState = { h: b.zeros([B, H]), c: b.zeros([B, H]) };
    const hs: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      let hg = state.h.matmul(whh.T);
      if (bhh) hg = hg.add(bhh);
      state = cell(xg.sliceAxis(0, t, t + 1).reshape([B, G]), hg, state, H);
      hs.push(state.h.reshape([1, B, H]));
    }
    finals.push(state);
    seq = b.concat(hs, 0);
  }
  const stack = (pick: (s: CellState) => Tensor) =>
    b.concat(
      finals.map((s) => pick(s).reshape([1, B, H])),
      0,
    );
  const out = params.batch_first ? seq.transpose([1, 0, 2]) : seq;
  const result: Record<string, Tensor> = { out, h_n: stack((s) => s.h) };
  // Only LSTM's cell returns a cell state.
  if (finals[0].c) result.c_n = stack((s) => s.c!);
  return result;
}

/** Wirings every recurrent block refuses. */
export function recurrentBadWiring<P extends RecurrentParams>(): BadWiring<P>[] {
  return [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    { inputs: { in: ["B", 6] }, port: "in", message: /expected a sequence \[B, T, F\], got \[B, 6\]/ },
    {
      // batch_first=false wants [T, B, F]: a batch-first wire puts B where T belongs.
      params: { batch_first: false } as Partial<P>,
      inputs: { in: ["B", 3, 2] },
      port: "in",
      message: /sequence length T \(dim 0 of \[T, B, F\]\) must be a fixed size/,
    },
  ];
}
