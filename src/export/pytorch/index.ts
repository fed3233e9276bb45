// PyTorch export: a GraphDoc becomes one readable Python file (an nn.Module, its weights,
// the dataset loader, the optimisers and wiregrad's training loop) plus companion JSON files
// for large weights and for synthetic data. See README "Leave with your model".
import { type Analysis, analyze } from "../../compile/analyze";
import { CompileError, formatProblem, type GraphProblem } from "../../compile/problems";
import { buildEvalProgram, buildTrainProgram, type Program } from "../../compile/program";
import type { GraphDoc } from "../../graph/doc";
import { graphWeights, type NodeWeight } from "../json";
import { type DatasetLoader, exportDatasets } from "./datasets";
import type { EmitterTable } from "./emit";
import { pytorchEmitters } from "./emitters";
import { header } from "./header";
import { buildModel, type ModelSource, outputKey } from "./model";
import { jsonNested, nestedList, pyStr } from "./py";
import { CHECK_PY, MAIN_PY } from "./python/check";
import { FILE_DATA_PY, MNIST_PY, SAMPLER_PY } from "./python/data";
import { TRAIN_PY, WEIGHTS_PY } from "./python/train";
import {
  argsTable,
  findUnused,
  gradsTable,
  metricsFunction,
  noiseTable,
  optimizerSection,
  shardSums,
} from "./tables";

export { type CheckBatch, gradNoise } from "./check-batch";
export type { DatasetLoader } from "./datasets";
export { NoCounterpart } from "./emit";
export { pytorchEmitters } from "./emitters";
export { optimizerEmitters } from "./optim";

export interface PytorchExportOptions {
  /** File name of the Python file; the companions are named after it (model.py.weights.json). */
  file: string;
  /** Builds the synthetic datasets and Iris whose samples go into <file>.data.json. */
  loadDataset: DatasetLoader;
  /** Where wiregrad's mnist.bin.gz is (the script also looks next to itself and takes --mnist). */
  mnistPath?: string;
  /** Seed of the initial weights of blocks that carry none (default: the graph's training.seed). */
  seed?: number;
  /** Weights with fewer numbers than this are written into the .py itself. */
  inlineLimit?: number;
  /** The block mappings (tests swap in a partial table). */
  emitters?: EmitterTable;
}

export interface PytorchExport {
  /** The .py first, then its companions, named relative to the .py's folder. */
  files: { name: string; text: string }[];
  /** Where each weight ("node.param") lives in the module's state_dict ("fc1.weight"; a Parameter's is its name). */
  stateKeys: Map<string, string>;
}

/** A graph that cannot be written as PyTorch: one problem per node, naming the reason. */
export class PytorchExportError extends Error {
  override name = "PytorchExportError";
  constructor(readonly problems: GraphProblem[]) {
    super(`cannot export to PyTorch:\n${problems.map(formatProblem).join("\n")}`);
  }
}

const INLINE_LIMIT = 2000;

export function exportPytorch(doc: GraphDoc, opts: PytorchExportOptions): PytorchExport {
  const a = analyze(doc);
  if (a.problems.length) throw new CompileError(a.problems);
  const problems: GraphProblem[] = [];
  const title = doc.meta.title ?? opts.file.replace(/\.py$/, "");
  const model = buildModel(a, opts.emitters ?? pytorchEmitters, problems, {
    title,
    objective: objectiveKeys(doc, a),
  });
  if (problems.length) throw new PytorchExportError(problems);
  const weights = graphWeights(doc, opts.seed);
  // The optimisers' parameter groups are exactly the compiler's; a graph without optimisers
  // (or without an objective) still exports its forward pass.
  const hasOptimizer = a.order.some((id) => a.nodes.get(id)!.def.optimizer);
  const train: Program | undefined = hasOptimizer
    ? buildTrainProgram(doc, doc.training?.batch_size ?? 32, a)
    : undefined;
  const data = exportDatasets(a, doc.training?.test_fraction ?? 0.2, opts.loadDataset);

  const files: PytorchExport["files"] = [];
  const size = weights.reduce((n, w) => n + w.data.length, 0);
  const inline = size < (opts.inlineLimit ?? INLINE_LIMIT);
  let weightsLine: string;
  if (inline) {
    weightsLine = inlineWeights(model, weights);
  } else {
    const name = `${opts.file}.weights.json`;
    const state = Object.fromEntries(
      weights.map((w) => [model.stateKeys.get(`${w.node}.${w.param}`)!, jsonNested(w.data, w.shape)]),
    );
    files.push({ name, text: `${JSON.stringify(state)}\n` });
    weightsLine = `WEIGHTS = os.path.join(HERE, ${pyStr(name)})  # state_dict: key -> nested lists`;
  }
  const dataName = `${opts.file}.data.json`;
  if (data.data) files.push({ name: dataName, text: `${JSON.stringify(data.data)}\n` });

  const t = doc.training;
  const trainingLine = `TRAINING = {"batch_size": ${t?.batch_size ?? 32}, "seed": ${t?.seed ?? 0}, "steps": ${t?.steps ?? "None"}, "log_every": ${t?.log_every ?? "None"}}`;
  const sections = [
    header(doc, opts.file, title, data.usesMnist),
    "",
    `TITLE = ${pyStr(title)}`,
    "HERE = os.path.dirname(os.path.abspath(__file__))",
    trainingLine,
    ...(data.data ? [`DATA_FILE = os.path.join(HERE, ${pyStr(dataName)})`] : []),
    ...(data.usesMnist ? [`MNIST_FILE = ${opts.mnistPath ? pyStr(opts.mnistPath) : "None"}`] : []),
    "",
    "",
    "# ---------------------------------------------------------------- the model",
    "",
    "",
    model.text,
    "",
    "",
    metricsFunction(model),
    "",
    "",
    optimizerSection(a, model, train),
    "",
    "",
    "# ---------------------------------------------------------------- weights and data",
    "",
    "",
    weightsLine,
    argsTable(model),
    data.table,
    `FIND_UNUSED = ${findUnused(a, model, weights) ? "True" : "False"}  # some weight feeds no objective (DDP)`,
    shardSums(a),
    "",
    "",
    WEIGHTS_PY,
    "",
    "",
    SAMPLER_PY,
    "",
    "",
    FILE_DATA_PY,
    ...(data.usesMnist ? ["", "", MNIST_PY] : []),
    "",
    "",
    "# ---------------------------------------------------------------- training",
    "",
    "",
    TRAIN_PY,
    "",
    "",
    "# ---------------------------------------------------------------- checking against wiregrad",
    "",
    "",
    ...model.noise
      .filter((x, i, all) => all.findIndex((y) => y.fixed === x.fixed) === i)
      .flatMap((x) => [x.source, "", ""]),
    noiseTable(model),
    gradsTable(model, weights),
    "",
    "",
    CHECK_PY,
    "",
    "",
    MAIN_PY,
    "",
  ];
  files.unshift({ name: opts.file, text: sections.join("\n") });
  return { files, stateKeys: model.stateKeys };
}

/**
 * The outputs wiregrad differentiates (its loss blocks, else the single scalar sink), as the
 * compiler decides them; undefined when there is nothing to differentiate.
 */
function objectiveKeys(doc: GraphDoc, a: Analysis): string[] | undefined {
  const p = buildEvalProgram(doc, doc.training?.batch_size ?? 1, a);
  if (p.loss === undefined) return undefined;
  return [...p.losses.keys()].map((k) => {
    const at = k.lastIndexOf(".");
    return outputKey(a, k.slice(0, at), k.slice(at + 1));
  });
}

function inlineWeights(model: ModelSource, weights: NodeWeight[]): string {
  if (!weights.length) return "WEIGHTS = {}  # state_dict: the graph has no weights";
  const rows = weights.map((w) => {
    const key = pyStr(model.stateKeys.get(`${w.node}.${w.param}`)!);
    return `    ${key}: ${nestedList(w.data, w.shape, " ".repeat(key.length + 6))},`;
  });
  return ["# the state_dict wiregrad had, loaded by load_state_dict", "WEIGHTS = {", ...rows, "}"].join("\n");
}
