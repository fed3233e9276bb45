import { defineBlock, type Init } from "./types";

interface Params {
  shape: number[];
  init: string;
  value: number[];
}

function count(shape: number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

export const Parameter = defineBlock<Params>({
  type: "Parameter",
  category: "data",
  doc: "out = value, a free learnable tensor of the given shape (nn.Parameter; no batch dim)",
  params: [
    { name: "shape", kind: "shape", default: [2], doc: "shape of the tensor ([] for a scalar)" },
    {
      name: "init",
      kind: "enum",
      default: "zeros",
      options: ["zeros", "normal", "uniform", "values"],
      doc: "zeros, N(0, 1) as torch.randn, U(−1, 1), or the numbers in value",
    },
    { name: "value", kind: "floats", default: [], doc: "initial numbers, row-major, when init is values" },
  ],
  inputs: [],
  outputs: [{ name: "out" }],
  shape({ params }) {
    const n = count(params.shape);
    if (params.init === "values" && params.value.length !== n) {
      throw new Error(
        `Parameter: init "values" needs ${n} numbers in value for shape [${params.shape.join(", ")}], got ${params.value.length}`,
      );
    }
    return { out: [...params.shape] };
  },
  weights({ params }) {
    const init: Init =
      params.init === "values"
        ? { kind: "values", data: params.value }
        : params.init === "normal"
          ? { kind: "normal", std: 1 }
          : params.init === "uniform"
            ? { kind: "uniform", bound: 1 }
            : { kind: "fill", value: 0 };
    // Named "value" rather than "weight": it is the tensor itself, exported as an nn.Parameter.
    return { value: { shape: [...params.shape], init } };
  },
  lower: ({ weights }) => ({ out: weights.value }),
  examples: [
    { params: { shape: [2], init: "values", value: [-1.5, 2] }, inputs: {} },
    { params: { shape: [2, 3], init: "normal" }, inputs: {}, note: "matrix" },
    { params: { shape: [], init: "values", value: [1] }, inputs: {}, note: "scalar" },
  ],
  badWiring: [],
});
