import type { ParamValue } from "../../../graph/doc";
import { A, floatTensor } from "../proto";
import { type Emitter, emitter } from "./types";

// Sources. Input and the dataset's x become graph inputs (the names wiregrad feeds them
// by); Parameter reads its initializer; Constant is a Constant node.

/** Shape and row-major data of a Constant's nested value. */
function unpack(v: number | ParamValue[]): { shape: number[]; data: number[] } {
  if (!Array.isArray(v)) return { shape: [], data: [v as number] };
  const parts = v.map((e) => unpack(e as number | ParamValue[]));
  return { shape: [v.length, ...parts[0].shape], data: parts.flatMap((p) => p.data) };
}

export const dataEmitters: Record<string, Emitter> = {
  Input: emitter((c) => c.graphInput("out")),
  // Only x: the targets y have no place in an inference graph.
  Dataset: emitter((c) => c.graphInput("x")),
  Constant: emitter<{ value: number | ParamValue[] }>((c) => {
    const { shape, data } = unpack(c.params.value);
    c.op1("Constant", [], { value: A.t(floatTensor("value", shape, data)) }, c.out("out"));
  }),
  // An Identity named after the node keeps every block visible as an ONNX node.
  Parameter: emitter((c) => {
    c.op1("Identity", [c.weights.value], {}, c.out("out"));
  }),
};
