import { A, type Attr } from "../proto";
import { type EmitCtx, type Emitter, emitter } from "./types";

// RNN, LSTM and GRU map to ONNX's operators of the same names, one per layer (ONNX stacks
// no layers). The weights stay the state_dict's initializers; the graph reorders their
// gates into ONNX's order, which onnxruntime folds away when it loads the model.

interface RecurrentParams {
  hidden_size: number;
  num_layers: number;
  bias: boolean;
  batch_first: boolean;
  nonlinearity?: string;
}

interface Cell {
  op: "RNN" | "LSTM" | "GRU";
  /** For each ONNX gate, the index of the PyTorch gate that fills it. */
  order: number[];
  attrs(p: RecurrentParams): Record<string, Attr>;
  /** Whether it has a cell state (c_n). */
  cell: boolean;
}

const CELLS: Record<string, Cell> = {
  RNN: {
    op: "RNN",
    order: [0],
    attrs: (p) => ({ activations: A.strings([p.nonlinearity === "relu" ? "Relu" : "Tanh"]) }),
    cell: false,
  },
  // PyTorch stacks i, f, g, o; ONNX wants i, o, f, c (c is PyTorch's g).
  LSTM: { op: "LSTM", order: [0, 3, 1, 2], attrs: () => ({}), cell: true },
  // PyTorch stacks r, z, n; ONNX wants z, r, h. PyTorch applies the reset gate after the
  // hidden projection (r ⊙ (W_hn h + b_hn)): ONNX's linear_before_reset=1.
  GRU: { op: "GRU", order: [1, 0, 2], attrs: () => ({ linear_before_reset: A.i(1) }), cell: false },
};

/** The gate blocks of a stacked weight (rows) in ONNX's order. */
function reorder(c: EmitCtx<RecurrentParams>, w: string, order: number[]): string {
  if (order.every((g, i) => g === i)) return w;
  const H = c.params.hidden_size;
  const parts = c.op("Split", [w, c.constI64(order.map(() => H))], { axis: A.i(0) }, order.length);
  return c.op1(
    "Concat",
    order.map((g) => parts[g]),
    { axis: A.i(0) },
  );
}

/** [rows, …] → [1, rows, …]: ONNX's leading num_directions. */
function oneDirection(c: EmitCtx<RecurrentParams>, w: string): string {
  return c.op1("Unsqueeze", [w, c.constI64([0])]);
}

function recurrent(cell: Cell): Emitter {
  return emitter<RecurrentParams>((c) => {
    const p = c.params;
    const L = p.num_layers;
    // ONNX's recurrent ops read [T, B, F] (their `layout` attribute is opset 14's; a
    // transpose is plainer and equal).
    let seq = p.batch_first ? c.op1("Transpose", [c.inputs.in], { perm: A.ints([1, 0, 2]) }) : c.inputs.in;
    const finals: string[][] = [];
    for (let k = 0; k < L; k++) {
      const W = oneDirection(c, reorder(c, c.weights[`weight_ih_l${k}`], cell.order));
      const R = oneDirection(c, reorder(c, c.weights[`weight_hh_l${k}`], cell.order));
      const inputs = [seq, W, R];
      if (p.bias) {
        // ONNX's B is [Wb | Rb]: the input and hidden biases side by side.
        const wb = reorder(c, c.weights[`bias_ih_l${k}`], cell.order);
        const rb = reorder(c, c.weights[`bias_hh_l${k}`], cell.order);
        inputs.push(oneDirection(c, c.op1("Concat", [wb, rb], { axis: A.i(0) })));
      }
      const last = k === L - 1;
      // With one layer, Y_h and Y_c are already [num_layers, B, H]: they are h_n and c_n.
      const yh = last && L === 1 ? c.out("h_n") : undefined;
      const yc = last && L === 1 && cell.cell ? c.out("c_n") : undefined;
      const attrs = { hidden_size: A.i(p.hidden_size), ...cell.attrs(p) };
      const outs = c.op(cell.op, inputs, attrs, cell.cell ? [undefined, yh, yc] : [undefined, yh]);
      finals.push(outs.slice(1));
      // Y is [T, num_directions, B, H].
      const y = outs[0];
      seq = c.op1("Squeeze", [y, c.constI64([1])], {}, last && !p.batch_first ? c.out("out") : undefined);
    }
    if (p.batch_first) c.op1("Transpose", [seq], { perm: A.ints([1, 0, 2]) }, c.out("out"));
    if (L > 1) {
      c.op1(
        "Concat",
        finals.map((f) => f[0]),
        { axis: A.i(0) },
        c.out("h_n"),
      );
      if (cell.cell)
        c.op1(
          "Concat",
          finals.map((f) => f[1]),
          { axis: A.i(0) },
          c.out("c_n"),
        );
    }
  });
}

export const recurrentEmitters: Record<string, Emitter> = {
  RNN: recurrent(CELLS.RNN),
  LSTM: recurrent(CELLS.LSTM),
  GRU: recurrent(CELLS.GRU),
};
