import type { NodeInfo } from "../../../compile/analyze";
import type { SymShape } from "../../../graph/symbolic";
import type { OnnxGraph } from "../graph";
import { A, type Attr, floatTensor, int64Tensor } from "../proto";
import type { EmitCtx } from "./types";

/** The ONNX value name of a block output: the node id for one-output blocks, else "<node>.<port>". */
export function portValueName(info: NodeInfo, port: string): string {
  return info.def.outputs.length === 1 ? info.id : `${info.id}.${port}`;
}

/**
 * An emitter's view of one node. Helper nodes are named "<node>/<Op>", so every ONNX node
 * traces back to its block; the node writing the block's first output is named by the id.
 */
export function makeEmitCtx(
  g: OnnxGraph,
  info: NodeInfo,
  inputs: Record<string, string>,
  inShapes: Record<string, SymShape>,
  weights: Record<string, string>,
  notes: string[],
): EmitCtx {
  const id = info.id;
  const main = portValueName(info, info.def.outputs[0]?.name ?? "out");
  const op: EmitCtx["op"] = (type, ins, attrs = {}, outputs = 1) => {
    const wanted = typeof outputs === "number" ? new Array<undefined>(outputs).fill(undefined) : outputs;
    const outs = wanted.map((o) => (o === undefined ? g.fresh(`${id}/${type}_out`) : g.claim(o)));
    g.addNode(type, outs.includes(main) ? id : `${id}/${type}`, ins, outs, attrs);
    return outs;
  };
  const constant = (value: Attr): string => op("Constant", [], { value }, [undefined])[0];
  return {
    id,
    params: info.params,
    inputs,
    inShapes,
    outShapes: info.shapes ?? {},
    weights,
    out: (port) => portValueName(info, port),
    op,
    op1: (type, ins, attrs, output) => op(type, ins, attrs, [output])[0],
    constF: (data, shape) => {
      const values = typeof data === "number" ? [data] : data;
      const dims = shape ?? (typeof data === "number" ? [] : [data.length]);
      return constant(A.t(floatTensor("value", dims, values)));
    },
    constI64: (data) => constant(A.t(int64Tensor("value", [data.length], data))),
    graphInput(port) {
      g.addInput(portValueName(info, port), info.shapes![port]);
    },
    note: (message) => notes.push(message),
  };
}
