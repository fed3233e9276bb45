import { type DatasetParams, datasetArgs } from "../../nodes/Dataset";
import { executeCpu } from "../backends/cpu/executor";
import { type Analysis, analyze } from "../compile/analyze";
import { CompileError } from "../compile/problems";
import { buildGradProgram, type Program } from "../compile/program";
import { initVariables, type VariableStore } from "../compile/variables";
import type { GraphDoc } from "../graph/doc";
import { fmt } from "../ir/shape";
import { BatchSampler, gatherRows } from "./batches";
import type { DatasetLoader } from "./session";

export interface TensorValue {
  shape: number[];
  data: Float32Array;
}

export interface GradPassResult {
  loss: number;
  /** Every node's outputs: keyed by node id, or "node.port" for blocks with several outputs. */
  outputs: Map<string, TensorValue>;
  /** d(loss)/d(weight) for every trainable weight, by node then state_dict name. */
  grads: Map<string, Map<string, TensorValue>>;
  batch: number;
  /** The compiled program, for --dump-ir. */
  program: Program;
}

/** Everything a grad pass needs before it runs: the program, its weights and its feeds. */
export interface PreparedGradPass {
  analysis: Analysis;
  program: Program;
  variables: VariableStore;
  feeds: Record<string, ArrayLike<number>>;
  /** Values to compute: the loss, every port, then every gradient. */
  outputs: number[];
  seed: number;
  batch: number;
}

/**
 * Builds the grad program on given Input values (batch first) or on the first mini-batch of
 * the graph's dataset, using the weights embedded in the doc where present. Shared by the
 * CPU pass below and the WebGPU one (gpuGradPass.ts).
 */
export function prepareGradPass(
  doc: GraphDoc,
  opts: { inputs?: Record<string, TensorValue>; seed?: number; loadDataset: DatasetLoader },
): PreparedGradPass {
  const a = analyze(doc);
  if (a.problems.length) throw new CompileError(a.problems);
  const seed = opts.seed ?? doc.training?.seed ?? 0;
  const given = opts.inputs ?? {};
  const inputNodes = a.order.filter((id) => a.nodes.get(id)!.def.type === "Input");
  for (const k of Object.keys(given)) {
    if (!inputNodes.includes(k)) {
      throw new CompileError([
        {
          message: `--inputs names "${k}", which is not an Input node (Inputs: ${inputNodes.join(", ") || "none"})`,
        },
      ]);
    }
  }
  const datasetNodes = a.order.filter((id) => a.nodes.get(id)!.def.type === "Dataset");
  const firstGiven = Object.values(given)[0];
  const batch = firstGiven ? firstGiven.shape[0] : datasetNodes.length ? (doc.training?.batch_size ?? 32) : 1;

  const p = buildGradProgram(doc, batch, a);
  const { values, problems } = initVariables(p, doc, seed);
  if (problems.length) throw new CompileError(problems);

  const feeds: Record<string, ArrayLike<number>> = {};
  for (const f of p.feeds.values()) {
    const info = a.nodes.get(f.node)!;
    if (info.def.type === "Input") {
      const v = given[f.node];
      if (!v) throw new CompileError([{ node: f.node, message: "needs a value: pass it with --inputs" }]);
      const want = f.shape;
      if (v.shape.length !== want.length || v.shape.some((d, i) => d !== want[i])) {
        throw new CompileError([
          {
            node: f.node,
            message: `input value has shape ${fmt(v.shape)}, expected ${fmt(want)} (batch first)`,
          },
        ]);
      }
      feeds[f.name] = v.data;
    }
  }
  for (const id of datasetNodes) {
    const params = a.nodes.get(id)!.params as unknown as DatasetParams;
    const ds = opts.loadDataset(params.name, datasetArgs(params, doc.training?.test_fraction));
    const { x, y } = gatherRows(ds, new BatchSampler(ds, seed + params.seed).nextIndices(batch));
    feeds[`${id}.x`] = x;
    feeds[`${id}.y`] = y;
  }
  const outputs = [p.loss!, ...[...p.ports.values()], ...[...p.grads.values()]];
  return { analysis: a, program: p, variables: values, feeds, outputs, seed, batch };
}

/** Arranges the computed values (in `outputs` order) as the pass's result. */
export function gradPassResult(prep: PreparedGradPass, vals: ArrayLike<number>[]): GradPassResult {
  const { analysis: a, program: p } = prep;
  const portEntries = [...p.ports];
  const gradEntries = [...p.grads];
  const outputs = new Map<string, TensorValue>();
  portEntries.forEach(([key, id], i) => {
    const [node, port] = key.split(".");
    const single = a.nodes.get(node)!.def.outputs.length === 1;
    outputs.set(single ? node : `${node}.${port}`, {
      shape: [...p.nodes[id].shape],
      data: vals[1 + i] as Float32Array,
    });
  });
  const grads = new Map<string, Map<string, TensorValue>>();
  gradEntries.forEach(([name], i) => {
    const v = p.variables.get(name)!;
    if (!grads.has(v.node)) grads.set(v.node, new Map());
    grads.get(v.node)!.set(v.param, {
      shape: [...v.shape],
      data: vals[1 + portEntries.length + i] as Float32Array,
    });
  });
  return { loss: vals[0][0], outputs, grads, batch: prep.batch, program: p };
}

/**
 * One forward and backward pass on the CPU executor, on given Input values (batch first)
 * or on the first mini-batch of the graph's dataset, using the weights embedded in the doc
 * where present.
 */
export function gradPass(
  doc: GraphDoc,
  opts: { inputs?: Record<string, TensorValue>; seed?: number; loadDataset: DatasetLoader },
): GradPassResult {
  const prep = prepareGradPass(doc, opts);
  const vals = executeCpu(prep.program.nodes, prep.outputs, {
    dtype: "f32",
    feeds: prep.feeds,
    variables: Object.fromEntries(prep.variables),
    seed: prep.seed,
    step: 0,
  });
  return gradPassResult(prep, vals);
}
