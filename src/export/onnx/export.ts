import { type Analysis, analyze } from "../../compile/analyze";
import type { GraphProblem } from "../../compile/problems";
import type { GraphDoc } from "../../graph/doc";
import type { SymShape } from "../../graph/symbolic";
import { type Emitter, NoOnnxCounterpart, onnxEmitters } from "./emit";
import { makeEmitCtx, portValueName } from "./emit/context";
import { OnnxGraph } from "./graph";
import { encodeModel, IR_VERSION, OPSET } from "./proto";
import { type InferenceSelection, selectInference } from "./select";
import { graphWeights } from "./weights";

// GraphDoc → ONNX: the inference graph in eval mode (dropout off, batch norm on its running
// stats), one ONNX node or a few per block, the batch as the symbolic dim "B".

/** A graph input or output: its ONNX name and the block port it stands for. */
export interface OnnxPort {
  name: string;
  node: string;
  port: string;
  shape: SymShape;
}

export interface OnnxExport {
  /** The .onnx file; empty when nothing could be exported, and then `problems` say why. */
  bytes: Uint8Array;
  /** Blocks that could not be exported (and what depends on them); the rest is in `bytes`. */
  problems: GraphProblem[];
  /** What was left out or changed by design: losses, optimisers, targets, samplers' noise. */
  notes: GraphProblem[];
  /** Graph inputs: each Input by its id, each dataset's x as "<node>.x" (wiregrad's feed names). */
  inputs: OnnxPort[];
  /** Graph outputs: "<node>" for one-output blocks, else "<node>.<port>" (as `wiregrad grad`). */
  outputs: OnnxPort[];
  opset: number;
}

export interface OnnxExportOptions {
  /** Seed for weights the doc does not embed (default: the doc's training seed, else 0). */
  seed?: number;
  /** The emitter table; tests pass a partial one to exercise a block with no counterpart. */
  emitters?: Record<string, Emitter>;
}

export function exportOnnx(doc: GraphDoc, opts: OnnxExportOptions = {}): OnnxExport {
  const empty = (problems: GraphProblem[], notes: GraphProblem[] = []): OnnxExport => ({
    bytes: new Uint8Array(0),
    problems,
    notes,
    inputs: [],
    outputs: [],
    opset: OPSET,
  });
  const a = analyze(doc);
  if (a.problems.length) return empty(a.problems);
  const sel = selectInference(a);
  const weights = graphWeights(doc, a, opts.seed ?? doc.training?.seed ?? 0);
  if (weights.problems.length) return empty(weights.problems, sel.notes);

  const g = new OnnxGraph();
  const { values, problems, notes } = emitBlocks(g, a, sel, weights.values, opts.emitters ?? onnxEmitters);

  const port = (node: string, p: string): OnnxPort => ({
    name: values.get(`${node}.${p}`)!,
    node,
    port: p,
    shape: a.nodes.get(node)!.shapes![p],
  });
  const outputs = sel.outputs
    .filter((o) => values.has(`${o.node}.${o.port}`))
    .map((o) => port(o.node, o.port));
  if (outputs.length === 0) {
    const why = sel.outputs.length
      ? "none of the graph's outputs could be exported"
      : "after leaving out losses, optimisers and targets, nothing is left that computes an output";
    return empty([...problems, { message: `no inference graph to export: ${why}` }], notes);
  }
  for (const o of outputs) g.addOutput(o.name, o.shape);
  const inputs = sel.kept
    .filter((id) => ["Input", "Dataset"].includes(a.nodes.get(id)!.def.type))
    .map((id) => port(id, a.nodes.get(id)!.def.type === "Input" ? "out" : "x"))
    .filter((p) => p.name !== undefined);

  const title = doc.meta.title ?? "wiregrad graph";
  const bytes = encodeModel({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: "", version: OPSET }],
    producerName: "wiregrad",
    docString: `${title}: inference graph (eval mode), batch dim "B". Exported by wiregrad.`,
    graph: g.toProto(title, doc.meta.note),
  });
  return { bytes, problems, notes, inputs, outputs, opset: OPSET };
}

/** Emit the kept blocks in order; a block that fails is undone and reported, with its dependents. */
function emitBlocks(
  g: OnnxGraph,
  a: Analysis,
  sel: InferenceSelection,
  weightValues: Map<string, Float32Array>,
  emitters: Record<string, Emitter>,
): { values: Map<string, string>; problems: GraphProblem[]; notes: GraphProblem[] } {
  const problems: GraphProblem[] = [];
  const notes = [...sel.notes];
  /** ONNX value name of each exported port, by "node.port". */
  const values = new Map<string, string>();
  for (const id of sel.kept) {
    const info = a.nodes.get(id)!;
    const inputs: Record<string, string> = {};
    const inShapes: Record<string, SymShape> = {};
    const missing = Object.values(info.incoming).find(
      (e) => !values.has(`${e.source.node}.${e.source.port}`),
    );
    if (missing) {
      const src = missing.source.node;
      problems.push({ node: id, message: `not exported: it depends on ${src}, which could not be exported` });
      continue;
    }
    for (const [p, e] of Object.entries(info.incoming)) {
      inputs[p] = values.get(`${e.source.node}.${e.source.port}`)!;
      inShapes[p] = a.nodes.get(e.source.node)!.shapes![e.source.port];
    }
    const emit = emitters[info.def.type];
    if (!emit) {
      problems.push({ node: id, message: `${info.def.type} has no ONNX counterpart in this exporter` });
      continue;
    }
    const mark = g.mark();
    const said: string[] = [];
    try {
      const weights: Record<string, string> = {};
      for (const [param, spec] of Object.entries(info.weights)) {
        weights[param] = g.addInitializer(`${id}.${param}`, spec.shape, weightValues.get(`${id}.${param}`)!);
      }
      emit(makeEmitCtx(g, info, inputs, inShapes, weights, said));
    } catch (e) {
      g.rollback(mark);
      const why = e instanceof NoOnnxCounterpart ? "has no ONNX counterpart" : "could not be exported";
      problems.push({ node: id, message: `${info.def.type} ${why}: ${(e as Error).message}` });
      continue;
    }
    notes.push(...said.map((message) => ({ node: id, message })));
    for (const p of info.def.outputs) {
      const name = portValueName(info, p.name);
      if (!g.produces(name)) continue;
      values.set(`${id}.${p.name}`, name);
      g.describe(name, info.shapes![p.name]);
    }
  }
  return { values, problems, notes };
}
