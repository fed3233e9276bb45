// Graphs for the PyTorch oracle: every preset, one small graph per worked example of every
// block in the registry, and training graphs for the optimisers.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type AnyBlock, blocks } from "../../nodes";
import type { BlockExample } from "../../nodes/types";
import { analyze } from "../../src/compile/analyze";
import { initWeight } from "../../src/compile/init";
import { formatProblem } from "../../src/compile/problems";
import type { GraphDoc, GraphEdge, GraphNode, ParamValue } from "../../src/graph/doc";
import { parseGraphDoc } from "../../src/graph/load";
import { encodeWeight } from "../../src/graph/weights";
import { SeededRandom } from "../../src/ir/rng";
import type { TensorValue } from "../../src/train/gradPass";
import { drawValues } from "../helpers/blockHarness";
import { doc, e, n } from "../helpers/docs";

export interface CheckCase {
  name: string;
  doc: GraphDoc;
  /** Values of the graph's Input nodes, batch first. */
  inputs?: Record<string, TensorValue>;
  /** Block types this case exercises (for the registry coverage test). */
  covers: string[];
}

export const PRESET_DIR = join(__dirname, "../../presets");

export function loadDoc(path: string): GraphDoc {
  const r = parseGraphDoc(readFileSync(path, "utf8"), path);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("\n"));
  return r.doc;
}

/** Every preset in presets/, so a new one is covered without touching this file. */
export function presetCases(): CheckCase[] {
  return readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const d = loadDoc(join(PRESET_DIR, f));
      return { name: `preset ${f}`, doc: d, covers: d.nodes.map((x) => x.type) };
    });
}

/**
 * Weights drawn at random around the initialisation (batch norm's ones and zeros, or a zero
 * Parameter, would hide a swapped or ignored weight), running variances kept positive.
 */
function randomWeights(d: GraphDoc, seed: number): GraphDoc {
  const a = analyze(d);
  if (a.problems.length) throw new Error(a.problems.map(formatProblem).join("\n"));
  const rng = new SeededRandom(seed, 23);
  for (const node of d.nodes) {
    for (const [name, spec] of Object.entries(a.nodes.get(node.id)!.weights)) {
      if (node.weights?.[name]) continue;
      const base = initWeight(spec.init, spec.shape, seed, `${node.id}.${name}`);
      const data =
        name === "running_var"
          ? base.map(() => 0.5 + 1.5 * rng.uniform())
          : base.map((v) => v + 0.3 * rng.normal());
      node.weights = { ...node.weights, [name]: encodeWeight(spec.shape, data) };
    }
  }
  return d;
}

/** Nested random values for a Constant of the given shape. */
function constantValue(shape: number[], rng: SeededRandom): ParamValue {
  const build = (d: number): ParamValue =>
    d === shape.length
      ? Number((0.5 + rng.uniform()).toFixed(3))
      : Array.from({ length: shape[d] }, () => build(d + 1));
  return build(0);
}

/**
 * Reduce every output of `blk` to one scalar: Σ_k sum(out_k · w_k) with random constants w_k
 * (the batch dim as 1, broadcast). A weighted sum rather than a plain one, whose gradient is
 * all ones and would not notice a permuted or transposed output.
 */
function objective(d: GraphDoc, seed: number): GraphDoc {
  const a = analyze(d);
  if (a.problems.length) throw new Error(a.problems.map(formatProblem).join("\n"));
  const info = a.nodes.get("blk")!;
  const rng = new SeededRandom(seed, 29);
  const nodes: GraphNode[] = [...d.nodes];
  const edges: GraphEdge[] = [...d.edges];
  let total: string | undefined;
  for (const port of info.def.outputs) {
    const shape = info.shapes![port.name].map((s) => (s === "B" ? 1 : s));
    const w = `w_${port.name}`;
    nodes.push(n(w, "Constant", { value: constantValue(shape, rng) }));
    nodes.push(n(`m_${port.name}`, "Mul"), n(`s_${port.name}`, "Sum"));
    edges.push(e(`blk.${port.name}`, `m_${port.name}.a`), e(`${w}.out`, `m_${port.name}.b`));
    edges.push(e(`m_${port.name}.out`, `s_${port.name}.in`));
    if (total) {
      const add = `t_${port.name}`;
      nodes.push(n(add, "Add"));
      edges.push(e(`${total}.out`, `${add}.a`), e(`s_${port.name}.out`, `${add}.b`));
      total = add;
    } else total = `s_${port.name}`;
  }
  return { ...d, nodes, edges };
}

/**
 * One graph per worked example: every input port is a Parameter holding the example's
 * values, so the gradient reaches every continuous input as well as the block's weights and
 * both are compared with torch (index ports are frozen: no gradient flows into an index).
 * Non-loss blocks end in a weighted sum (objective above); losses are the objective. Input
 * and Dataset examples are fed through their own nodes.
 */
function exampleCase(def: AnyBlock, ex: BlockExample<Record<string, unknown>>, k: number): CheckCase {
  const seed = 100 + k;
  const rng = new SeededRandom(seed, 31);
  const nodes: GraphNode[] = [n("blk", def.type, ex.params ?? {})];
  const edges: GraphEdge[] = [];
  const inputs: Record<string, TensorValue> = {};
  for (const [port, shape] of Object.entries(ex.inputs)) {
    const domain = ex.domains?.[port];
    const values = drawValues(domain, shape, rng);
    nodes.push({
      ...n(`in_${port}`, "Parameter", { shape }),
      weights: { value: encodeWeight(shape, values) },
      ...(domain?.kind === "int" ? { frozen: true } : {}),
    });
    edges.push(e(`in_${port}.out`, `blk.${port}`));
  }
  const batch = ex.batch ?? 4;
  if (def.type === "Input") {
    const shape = [batch, ...((ex.params?.shape as number[]) ?? [2])];
    inputs.blk = { shape, data: Float32Array.from(drawValues(undefined, shape, rng)) };
  }
  let d = doc(nodes, edges, { batch_size: batch });
  if (def.category !== "losses") d = objective(d, seed);
  return {
    name: `${def.type} example ${k + 1}${ex.note ? ` (${ex.note})` : ""}`,
    doc: randomWeights(d, seed),
    inputs,
    covers: [def.type],
  };
}

/** L2Penalty reads other blocks' weights: a Linear and a Parameter beside it. */
function l2PenaltyCase(): CheckCase {
  const d = doc(
    [
      { ...n("x", "Parameter", { shape: [2, 4] }) },
      n("lin", "Linear", { out_features: 3 }),
      n("p", "Parameter", { shape: [2], init: "normal" }),
      n("blk", "L2Penalty", { coef: 0.01, params: ["lin", "p"] }),
    ],
    [e("x.out", "lin.in")],
  );
  return {
    name: "L2Penalty (a Linear's weight and a Parameter, not the bias)",
    doc: randomWeights(d, 7),
    covers: ["L2Penalty"],
  };
}

/**
 * The data loaders: MNIST through the script's own reader with a label subset and a limit,
 * Iris and a token set through the companion file (each through its first mini-batch).
 */
function datasetCases(): CheckCase[] {
  const head = (data: GraphNode, rest: GraphNode[], edges: GraphEdge[], batch = 8) =>
    randomWeights(doc([data, ...rest], edges, { batch_size: batch, seed: 2 }), 11);
  return [
    {
      name: "Dataset mnist: labels [3, 7] renumbered, limit 60, flattened",
      doc: head(
        n("data", "Dataset", { name: "mnist", labels: [3, 7], limit: 60, flatten: true, seed: 1 }),
        [n("fc", "Linear", { out_features: 2 }), n("ce", "CrossEntropyLoss")],
        [e("data.x", "fc.in"), e("fc.out", "ce.input"), e("data.y", "ce.target")],
      ),
      covers: ["Dataset"],
    },
    {
      name: "Dataset iris",
      doc: head(
        n("data", "Dataset", { name: "iris", seed: 4 }),
        [n("fc", "Linear", { out_features: 3 }), n("ce", "CrossEntropyLoss")],
        [e("data.x", "fc.in"), e("fc.out", "ce.input"), e("data.y", "ce.target")],
      ),
      covers: ["Dataset"],
    },
    {
      name: "Dataset tokens into an Embedding",
      doc: head(
        n("data", "Dataset", { name: "tokens", n_samples: 50, seq_len: 5, vocab_size: 16, num_groups: 4 }),
        [
          n("emb", "Embedding", { num_embeddings: 16, embedding_dim: 4 }),
          n("m", "Mean", { dim: [1] }),
          n("ce", "CrossEntropyLoss"),
        ],
        [e("data.x", "emb.in"), e("emb.out", "m.in"), e("m.out", "ce.input"), e("data.y", "ce.target")],
      ),
      covers: ["Dataset", "Embedding"],
    },
  ];
}

export function blockCases(): CheckCase[] {
  const out: CheckCase[] = datasetCases();
  for (const def of Object.values(blocks).sort((p, q) => p.type.localeCompare(q.type))) {
    if (def.category === "optimizers") continue; // trained instead: trainCases
    if (def.type === "L2Penalty") {
      out.push(l2PenaltyCase());
      continue;
    }
    def.examples.forEach((ex, k) => {
      out.push(exampleCase(def, ex as BlockExample<Record<string, unknown>>, k));
    });
  }
  return out;
}

/**
 * A small regression net for the optimisers: data → BatchNorm1d → fc1 → Tanh → fc2 → MSE. The
 * batch norm normalises the data itself: after a trained layer it would make that layer's
 * gradient nearly cancel (the output barely depends on the layer's scale and shift), and
 * Adam or RMSprop, which normalise gradients, would then follow rounding noise.
 */
function regressionNet(optimizers: GraphNode[], extra: { nodes?: GraphNode[]; edges?: GraphEdge[] } = {}) {
  return doc(
    [
      n("data", "Dataset", { name: "sine", n_samples: 64, noise: 0.1, seed: 3 }),
      n("bn", "BatchNorm1d"),
      n("fc1", "Linear", { out_features: 6 }),
      n("act", "Tanh"),
      n("fc2", "Linear", { out_features: 1 }),
      n("mse", "MSELoss"),
      ...optimizers,
      ...(extra.nodes ?? []),
    ],
    [
      e("data.x", "bn.in"),
      e("bn.out", "fc1.in"),
      e("fc1.out", "act.in"),
      e("act.out", "fc2.in"),
      e("fc2.out", "mse.input"),
      e("data.y", "mse.target"),
      ...optimizers.map((o) => e("mse.loss", `${o.id}.loss`)),
      ...(extra.edges ?? []),
    ],
    { batch_size: 16, seed: 5 },
  );
}

export interface TrainCase {
  name: string;
  doc: GraphDoc;
  steps: number;
}

/** Every optimiser with its less common settings, and two optimisers with objectives of their own. */
export function trainCases(): TrainCase[] {
  const opt = (type: string, params: Record<string, unknown>) => [n("opt", type, params)];
  const frozenHead = regressionNet(opt("SGD", { lr: 0.05 }));
  frozenHead.nodes = frozenHead.nodes.map((x) => (x.id === "fc2" ? { ...x, frozen: true } : x));
  return [
    {
      name: "SGD, momentum, Nesterov, weight decay",
      doc: regressionNet(opt("SGD", { lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.01 })),
      steps: 6,
    },
    { name: "SGD with a frozen block", doc: frozenHead, steps: 6 },
    {
      name: "Adam, weight decay",
      doc: regressionNet(opt("Adam", { lr: 0.02, betas: [0.8, 0.99], weight_decay: 0.01 })),
      steps: 6,
    },
    {
      name: "RMSprop, centered, momentum",
      doc: regressionNet(opt("RMSprop", { lr: 0.01, momentum: 0.5, centered: true, weight_decay: 0.01 })),
      steps: 6,
    },
    {
      name: "Adagrad, lr decay, initial accumulator",
      doc: regressionNet(
        opt("Adagrad", { lr: 0.1, lr_decay: 0.05, initial_accumulator_value: 0.1, weight_decay: 0.01 }),
      ),
      steps: 6,
    },
    {
      // opt1 minimises mse + l2 (the unwired penalty joins it), opt2 l1 + l2: different objectives.
      name: "two optimisers, own objectives, an unwired L2Penalty",
      doc: regressionNet([n("opt1", "SGD", { lr: 0.05, params: ["fc2"] })], {
        nodes: [
          n("l1", "L1Loss"),
          n("opt2", "Adam", { lr: 0.02, params: ["fc1", "bn"] }),
          n("l2", "L2Penalty", { coef: 0.01, params: ["fc1"] }),
        ],
        edges: [e("fc2.out", "l1.input"), e("data.y", "l1.target"), e("l1.loss", "opt2.loss")],
      }),
      steps: 6,
    },
  ];
}

/**
 * For torchrun: two optimisers with objectives of their own (gradients reduced by hand) and a
 * loss summed over the sharded batch (counted once per process), without batch norm, whose
 * statistics DDP on CPU takes per process.
 */
export function distributedCase(): GraphDoc {
  return doc(
    [
      n("data", "Dataset", { name: "sine", n_samples: 64, noise: 0.1, seed: 3 }),
      n("fc1", "Linear", { out_features: 6 }),
      n("act", "Tanh"),
      n("fc2", "Linear", { out_features: 1 }),
      n("sse", "MSELoss", { reduction: "sum" }),
      n("l1", "L1Loss"),
      n("opt1", "SGD", { lr: 0.01, params: ["fc2"] }),
      n("opt2", "Adam", { lr: 0.02, params: ["fc1"] }),
    ],
    [
      e("data.x", "fc1.in"),
      e("fc1.out", "act.in"),
      e("act.out", "fc2.in"),
      e("fc2.out", "sse.input"),
      e("data.y", "sse.target"),
      e("fc2.out", "l1.input"),
      e("data.y", "l1.target"),
      e("sse.loss", "opt1.loss"),
      e("l1.loss", "opt2.loss"),
    ],
    { batch_size: 16, seed: 5 },
  );
}
