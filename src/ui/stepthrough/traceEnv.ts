// The numbers a step-through or a gradient check runs on: the doc's weights (embedded or
// seeded), the first batch of its dataset, and seeded values for any Input the graph has, so
// a graph with an Input still steps through without asking for data.
import { analyze } from "../../compile/analyze";
import { CompileError } from "../../compile/problems";
import type { TraceEnv } from "../../compile/trace";
import { type Dataset, makeDataset } from "../../data";
import type { GraphDoc } from "../../graph/doc";
import { hashString, SeededRandom } from "../../ir/rng";
import { type PreparedGradPass, prepareGradPass, type TensorValue } from "../../train/gradPass";

/** A step-through shows summaries of batch tensors anyway; a few rows keep it quick. */
const TRACE_BATCH = 4;

function seededInputs(doc: GraphDoc, batch: number, seed: number): Record<string, TensorValue> {
  const a = analyze(doc);
  if (a.problems.length) throw new CompileError(a.problems);
  const out: Record<string, TensorValue> = {};
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    if (info.def.type !== "Input") continue;
    const shape = [batch, ...((info.params.shape as number[]) ?? [])];
    const data = new Float32Array(shape.reduce((p, d) => p * d, 1));
    const rng = new SeededRandom(seed, hashString(`input:${id}`));
    for (let i = 0; i < data.length; i++) data[i] = rng.normal();
    out[id] = { shape, data };
  }
  return out;
}

/**
 * MNIST loads asynchronously and may not be in the page: the step-through then runs on
 * seeded stand-in digits of the right shape (the primitives and the chain rule are the same).
 */
function standInMnist(seed: number, args: Record<string, unknown>): Dataset {
  const n = 64;
  const x = new Float32Array(n * 28 * 28);
  const rng = new SeededRandom(seed, hashString("stand-in mnist"));
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
  // A preset may keep some digits only, renumbered 0..k-1 (remap) or not.
  const labels = Array.isArray(args.labels) ? (args.labels as number[]) : null;
  const classes =
    labels && args.remap !== false ? labels.map((_, k) => k) : (labels ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const y = Float32Array.from({ length: n }, (_, i) => classes[i % classes.length]);
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  return {
    name: "mnist",
    task: "classification",
    x,
    y,
    xShape: [1, 28, 28],
    yShape: [],
    n,
    numClasses: labels && args.remap !== false ? labels.length : 10,
    split: { train: all, test: all },
  };
}

export interface Inspection extends PreparedGradPass {
  /** Set when the values are not the graph's own (MNIST not loaded). */
  note?: string;
}

/** The grad pass a check or trace runs, on at most `batch` rows (the doc's batch when omitted). */
export function prepareForInspection(doc: GraphDoc, batch?: number, allowStandIn = false): Inspection {
  const rows = batch ?? doc.training?.batch_size ?? 32;
  const sized: GraphDoc = { ...doc, training: { ...doc.training, batch_size: rows } as GraphDoc["training"] };
  const seed = doc.training?.seed ?? 0;
  const hasDataset = doc.nodes.some((n) => n.type === "Dataset");
  const inputs = seededInputs(sized, hasDataset ? rows : Math.min(rows, TRACE_BATCH), seed);
  let note: string | undefined;
  const prep = prepareGradPass(sized, {
    inputs: Object.keys(inputs).length ? inputs : undefined,
    seed,
    loadDataset: (name, args) => {
      if (name === "mnist" && allowStandIn) {
        note = "MNIST is not loaded here: these are seeded stand-in images of the same shape.";
        return standInMnist(seed, args as Record<string, unknown>);
      }
      return makeDataset(name, args);
    },
  });
  return { ...prep, note };
}

export function traceEnvOf(doc: GraphDoc): { env: TraceEnv; note?: string } {
  const prep = prepareForInspection(doc, TRACE_BATCH, true);
  const env = {
    feeds: prep.feeds,
    variables: Object.fromEntries(prep.variables),
    seed: prep.seed,
    batch: prep.batch,
  };
  return { env, note: prep.note };
}
