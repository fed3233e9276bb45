import { fmtSym, PortShapeError, requireRank, staticSize } from "../src/graph/symbolic";
import { defineBlock } from "./types";

interface Params {
  shape: number[];
}

/** The target per-sample shape with its −1 filled in; refuses a shape that does not hold the elements. */
function resolveShape(target: number[], x: (number | "B")[]): number[] {
  const want = `[B, ${target.join(", ")}]`;
  const bad = (why: string) =>
    new PortShapeError("in", `cannot reshape ${fmtSym(x)} to ${want}: ${why}`, want, x);
  const n = staticSize(x.slice(1));
  if (n === undefined) throw bad("only the first dim may be the batch");
  if (target.some((d) => !Number.isInteger(d) || (d < 1 && d !== -1))) {
    throw bad("sizes must be positive whole numbers or one −1");
  }
  const free = target.filter((d) => d === -1).length;
  if (free > 1) throw bad("only one dim may be −1");
  const known = target.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (free === 1) {
    if (n % known !== 0) throw bad(`${n} elements per sample do not divide by ${known}`);
    return target.map((d) => (d === -1 ? n / known : d));
  }
  if (known !== n) throw bad(`${n} elements per sample, the new shape holds ${known}`);
  return target;
}

export const Reshape = defineBlock<Params>({
  type: "Reshape",
  category: "layers",
  doc: "y = x.reshape(B, *shape), one −1 inferred (the batch dim stays)",
  // A list of numbers rather than a "shape" param: a shape param only holds positive sizes,
  // and −1 is what makes Reshape handy.
  params: [
    {
      name: "shape",
      kind: "floats",
      default: [-1],
      doc: "new shape of one sample, without the batch; one −1 allowed",
    },
  ],
  inputs: [{ name: "in" }],
  outputs: [{ name: "out" }],
  shape({ params, inputs }) {
    const x = requireRank(inputs, "in", [1, 2, 3, 4, 5, 6], "a tensor [B, ...]");
    return { out: [x[0], ...resolveShape(params.shape, x)] };
  },
  lower: ({ params, inputs }) => {
    const x = inputs.in!;
    return { out: x.reshape([x.shape[0], ...resolveShape(params.shape, [...x.shape])]) };
  },
  examples: [
    { params: { shape: [3, 4] }, inputs: { in: [2, 12] } },
    { params: { shape: [-1, 2] }, inputs: { in: [2, 3, 4] }, note: "inferred dim" },
    { params: { shape: [1, 2, 2] }, inputs: { in: [3, 4] }, note: "to an image" },
  ],
  badWiring: [
    { inputs: { in: undefined }, port: "in", message: /not connected/ },
    {
      params: { shape: [5] },
      inputs: { in: ["B", 2, 6] },
      port: "in",
      message: /cannot reshape \[B, 2, 6\] to \[B, 5\]: 12 elements per sample/,
    },
    { params: { shape: [-1, 5] }, inputs: { in: ["B", 12] }, port: "in", message: /do not divide by 5/ },
    { params: { shape: [-1, -1] }, inputs: { in: ["B", 12] }, port: "in", message: /only one dim may be −1/ },
  ],
});
