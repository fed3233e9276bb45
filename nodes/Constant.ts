import { defineBlock, type ParamValue } from "./types";

interface Params {
  value: number | ParamValue[];
}

/** Shape and row-major data of a number or nested list; a ragged or empty list is refused. */
function unpack(v: number | ParamValue[], path = "value"): { shape: number[]; data: number[] } {
  if (!Array.isArray(v)) return { shape: [], data: [v as number] };
  if (v.length === 0) throw new Error(`Constant: ${path} is an empty list; give at least one number`);
  const parts = v.map((e, i) => unpack(e as number | ParamValue[], `${path}[${i}]`));
  const inner = JSON.stringify(parts[0].shape);
  parts.forEach((p, i) => {
    if (JSON.stringify(p.shape) !== inner) {
      throw new Error(
        `Constant: ${path} is ragged: ${path}[0] has shape ${inner} but ${path}[${i}] has ${JSON.stringify(p.shape)}`,
      );
    }
  });
  return { shape: [v.length, ...parts[0].shape], data: parts.flatMap((p) => p.data) };
}

export const Constant = defineBlock<Params>({
  type: "Constant",
  category: "data",
  doc: "out = value, a fixed tensor whose shape is the value's (no batch dim)",
  params: [{ name: "value", kind: "tensor", default: 1, doc: "a number or a nested list of numbers" }],
  inputs: [],
  outputs: [{ name: "out" }],
  shape: ({ params }) => ({ out: unpack(params.value).shape }),
  lower({ b, params }) {
    const { shape, data } = unpack(params.value);
    return { out: b.constant(data, shape) };
  },
  examples: [
    {
      params: {
        value: [
          [1, 2, 3],
          [-4, 5, 6.5],
        ],
      },
      inputs: {},
    },
    { params: { value: 2.5 }, inputs: {}, note: "scalar" },
  ],
  badWiring: [],
});
