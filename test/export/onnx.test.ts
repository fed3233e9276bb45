import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InferenceSession, Tensor } from "onnxruntime-common";
// onnxruntime-node 1.17.0 names dist/index.d.ts in its package.json but does not ship it; its
// API is onnxruntime-common's, whose types it re-exports, so they type the module here.
// @ts-expect-error the missing declaration file (see above)
import * as ortModule from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { type AnyBlock, blocks } from "../../nodes";
import type { DatasetParams } from "../../nodes/Dataset";
import { datasetArgs } from "../../nodes/Dataset";
import type { BlockExample, InputDomain } from "../../nodes/types";
import { executeCpu } from "../../src/backends/cpu/executor";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import { analyze } from "../../src/compile/analyze";
import { initWeight } from "../../src/compile/init";
import { formatProblem } from "../../src/compile/problems";
import { buildEvalProgram } from "../../src/compile/program";
import { initVariables } from "../../src/compile/variables";
import { onnxEmitters, TRAINING_ONLY } from "../../src/export/onnx/emit";
import { exportOnnx, type OnnxExport } from "../../src/export/onnx/export";
import { decodeModel, toNum } from "../../src/export/onnx/proto";
import type { GraphDoc, GraphNode } from "../../src/graph/doc";
import { parseGraphDoc } from "../../src/graph/load";
import type { SymShape } from "../../src/graph/symbolic";
import { encodeWeight } from "../../src/graph/weights";
import { SeededRandom } from "../../src/ir/rng";
import { BatchSampler, gatherRows } from "../../src/train/batches";
import { drawValues } from "../helpers/blockHarness";
import { doc, e, n } from "../helpers/docs";

const ort = ortModule as unknown as { InferenceSession: typeof InferenceSession; Tensor: typeof Tensor };

// Every exported graph is checked twice against the real thing: Debian's onnx checker
// (full_check, so ONNX's own shape inference must agree with the declared shapes) and
// onnxruntime-node, whose outputs must match wiregrad's CPU executor in eval mode.
//
// Tolerance: |ort − ours| ≤ ATOL + RTOL·|ours| with ATOL = RTOL = 1e-5, both sides float32.
// The runtimes differ only in rounding: summation order (Gemm/Conv tiling, reductions,
// LayerNorm's and Softmax's fused kernels) and onnxruntime's vectorised exp/tanh/erf/sigmoid,
// a few ulps off the correctly rounded value. On these graphs (sums of at most a few hundred
// terms, two stacked 3-step recurrences) the largest difference seen is 1.9e-6 (LogSoftmax on
// logits near 100, where one float32 ulp is 7.6e-6), so 1e-5 leaves a 5× margin, while a wrong
// mapping (a gate order, a swapped running stat, a transposed weight, an off-by-one pad) is
// off by 1e-2 or more: each of those was tried and fails here.
const ATOL = 1e-5;
const RTOL = 1e-5;
/** Rows per batch: not 1, so the symbolic batch is exercised and a batch-1 broadcast cannot hide a bug. */
const BATCH = 5;
const PYTHON = "/usr/bin/python3";

interface Case {
  name: string;
  doc: GraphDoc;
  batch: number;
  /** Values of the graph inputs, by ONNX input name (= wiregrad feed name). */
  feeds: Record<string, Float32Array>;
  exp: OnnxExport;
  /** Expected values of outputs that differ from wiregrad's eval by design (the samplers' noise), by node. */
  expected?: (ours: Map<string, Float32Array>) => Map<string, Float32Array>;
  /** Problems the export must report (formatted); none unless given. */
  problems?: string[];
  /**
   * Nodes downstream of a sampler in a preset: ONNX drops the noise by design, so only their
   * shapes and finiteness are compared here; the noise-free values of samplers are checked
   * by the block and model cases (NormalSample as its mean, Gumbel-softmax without noise).
   */
  afterNoise?: Set<string>;
}

/** Ids of the nodes fed, directly or not, by a NormalSample or GumbelSoftmax. */
function downstreamOfSamplers(d: GraphDoc): Set<string> {
  const out = new Set(
    d.nodes.filter((x) => x.type === "NormalSample" || x.type === "GumbelSoftmax").map((x) => x.id),
  );
  let grew = true;
  while (grew) {
    grew = false;
    for (const ed of d.edges) {
      if (out.has(ed.source.node) && !out.has(ed.target.node)) {
        out.add(ed.target.node);
        grew = true;
      }
    }
  }
  return out;
}

// ---------- graphs ----------

/** Weights drawn at random (not the inits: batch norm's ones and zeros would hide a swapped stat). */
function randomWeights(d: GraphDoc, seed = 3): GraphDoc {
  const a = analyze(d);
  if (a.problems.length) throw new Error(a.problems.map(formatProblem).join("\n"));
  const rng = new SeededRandom(seed, 11);
  for (const node of d.nodes) {
    const info = a.nodes.get(node.id)!;
    for (const [name, spec] of Object.entries(info.weights)) {
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

/** Graph-input values: seeded normals for Inputs (or the example's domain), a real first batch for datasets. */
function feedsFor(d: GraphDoc, exp: OnnxExport, batch: number, domains: Record<string, InputDomain> = {}) {
  const feeds: Record<string, Float32Array> = {};
  const rng = new SeededRandom(5, 13);
  for (const i of exp.inputs) {
    const node = d.nodes.find((x) => x.id === i.node)!;
    const shape = i.shape.map((s) => (s === "B" ? batch : s));
    if (node.type === "Dataset") {
      const p = analyze(d).nodes.get(node.id)!.params as unknown as DatasetParams;
      const ds = nodeDatasetLoader(p.name, datasetArgs(p));
      feeds[i.name] = gatherRows(ds, new BatchSampler(ds, p.seed).nextIndices(batch)).x;
    } else {
      feeds[i.name] = Float32Array.from(drawValues(domains[node.id], shape, rng));
    }
  }
  return feeds;
}

function makeCase(
  name: string,
  d: GraphDoc,
  batch = BATCH,
  extra: Partial<Case> = {},
  domains: Record<string, InputDomain> = {},
): Case {
  const exp = exportOnnx(d);
  return { name, doc: d, batch, feeds: feedsFor(d, exp, batch, domains), exp, ...extra };
}

function presetCases(): Case[] {
  const dir = join(__dirname, "../../presets");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const r = parseGraphDoc(readFileSync(join(dir, f), "utf8"), f);
      if (!r.ok) throw new Error(`${f}: ${r.problems.map((p) => p.message).join("; ")}`);
      return makeCase(`preset ${f}`, r.doc, BATCH, { afterNoise: downstreamOfSamplers(r.doc) });
    });
}

/**
 * A graph around one block example. Ports whose leading dim is the example's batch become
 * Inputs (symbolic batch); others, and every port when the block refuses a symbolic dim
 * there, become Parameters holding the example's values. Sources feed a Detach.
 */
function exampleDoc(
  def: AnyBlock,
  ex: BlockExample<Record<string, unknown>>,
  seed: number,
): GraphDoc | undefined {
  const ports = Object.entries(ex.inputs);
  const batch = ports[0]?.[1][0];
  const rng = new SeededRandom(seed, 17);
  const attempts: ((port: string, shape: number[], k: number) => boolean)[] = [
    (_, shape) => shape.length > 0 && shape[0] === batch,
    (_, shape, k) => k === 0 && shape.length > 0,
    () => false,
  ];
  for (const asInput of attempts) {
    const nodes: GraphNode[] = [n("blk", def.type, ex.params ?? {})];
    const edges = [];
    for (const [k, [port, shape]] of ports.entries()) {
      const id = `in_${port}`;
      if (asInput(port, shape, k)) nodes.push(n(id, "Input", { shape: shape.slice(1) }));
      else {
        const values = drawValues(ex.domains?.[port], shape, rng);
        nodes.push({ ...n(id, "Parameter", { shape }), weights: { value: encodeWeight(shape, values) } });
      }
      edges.push(e(`${id}.out`, `blk.${port}`));
    }
    if (ports.length === 0) {
      // A source alone is no inference graph: something must read it.
      const port = def.type === "Dataset" ? "x" : "out";
      nodes.push(n("probe", "Detach"));
      edges.push(e(`blk.${port}`, "probe.in"));
    }
    const d = doc(nodes, edges);
    if (analyze(d).problems.length === 0) return randomWeights(d, seed);
  }
  return undefined;
}

/** Noise-free references for the samplers, which export without their noise by design. */
const NOISE_FREE: Record<
  string,
  (c: {
    inputs: Record<string, Float32Array>;
    inShapes: Record<string, number[]>;
    outShape: number[];
    params: Record<string, unknown>;
  }) => Float32Array
> = {
  NormalSample: ({ inputs, inShapes, outShape }) => broadcastTo(inputs.mu, inShapes.mu, outShape),
  GumbelSoftmax: ({ inputs, inShapes, params }) => {
    const shape = inShapes.in;
    const dim = Number(params.dim ?? -1);
    const d = dim < 0 ? dim + shape.length : dim;
    const tau = Number(params.tau ?? 1);
    return alongAxis(inputs.in, shape, d, (row) => {
      const m = Math.max(...row.map((v) => v / tau));
      const ex = row.map((v) => Math.exp(v / tau - m));
      const s = ex.reduce((p, q) => p + q, 0);
      const soft = ex.map((v) => v / s);
      if (!params.hard) return soft;
      const top = Math.max(...soft);
      return soft.map((v) => (v === top ? 1 : 0));
    });
  },
};

function broadcastTo(data: Float32Array, from: number[], to: number[]): Float32Array {
  const out = new Float32Array(to.reduce((p, q) => p * q, 1));
  const pad = to.length - from.length;
  for (let i = 0; i < out.length; i++) {
    let rem = i;
    let src = 0;
    let stride = 1;
    for (let k = to.length - 1; k >= 0; k--) {
      const idx = rem % to[k];
      rem = Math.floor(rem / to[k]);
      const f = from[k - pad];
      if (k >= pad) {
        src += (f === 1 ? 0 : idx) * stride;
        stride *= f;
      }
    }
    out[i] = data[src];
  }
  return out;
}

function alongAxis(
  data: Float32Array,
  shape: number[],
  d: number,
  f: (row: number[]) => number[],
): Float32Array {
  const out = new Float32Array(data.length);
  const inner = shape.slice(d + 1).reduce((p, q) => p * q, 1);
  const len = shape[d];
  const outer = data.length / (inner * len);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number) => o * len * inner + j * inner + i;
      const row = f(Array.from({ length: len }, (_, j) => data[at(j)]));
      row.forEach((v, j) => {
        out[at(j)] = v;
      });
    }
  }
  return out;
}

/** For a graph whose node "blk" is a sampler: its noise-free value, from what wiregrad feeds it. */
function noiseFreeBlk(d: GraphDoc, batch: number): Case["expected"] {
  const a = analyze(d);
  const info = a.nodes.get("blk")!;
  const reference = NOISE_FREE[info.def.type];
  if (!reference) return undefined;
  const dims = (s: SymShape) => s.map((x) => (x === "B" ? batch : x));
  return (ours) => {
    const inputs: Record<string, Float32Array> = {};
    const inShapes: Record<string, number[]> = {};
    for (const [p, edge] of Object.entries(info.incoming)) {
      inputs[p] = ours.get(`${edge.source.node}.${edge.source.port}`)!;
      inShapes[p] = dims(a.nodes.get(edge.source.node)!.shapes![edge.source.port]);
    }
    const outShape = dims(info.shapes!.out);
    return new Map([["blk", reference({ inputs, inShapes, outShape, params: info.params })]]);
  };
}

function blockCases(): Case[] {
  const cases: Case[] = [];
  for (const def of Object.values(blocks)) {
    if (TRAINING_ONLY.includes(def.category)) continue;
    def.examples.forEach((ex, k) => {
      const label = `block ${def.type} #${k}${ex.note ? ` (${ex.note})` : ""}`;
      const d = exampleDoc(def, ex as BlockExample<Record<string, unknown>>, 100 + k);
      if (!d) throw new Error(`${label}: no graph around this example validates`);
      const batch = ex.batch ?? Object.values(ex.inputs)[0]?.[0] ?? BATCH;
      const domains = Object.fromEntries(
        Object.entries(ex.domains ?? {}).map(([p, dom]) => [`in_${p}`, dom]),
      );
      cases.push(makeCase(label, d, batch, { expected: noiseFreeBlk(d, batch) }, domains));
    });
  }
  return cases;
}

/** Whole models: what a lecture builds, with each family of blocks in context. */
function modelCases(): Case[] {
  const mlp = doc(
    [
      n("x", "Input", { shape: [4] }),
      n("fc1", "Linear", { out_features: 8 }),
      n("act", "ReLU"),
      n("drop", "Dropout", { p: 0.3 }),
      n("fc2", "Linear", { out_features: 3 }),
      n("prob", "Softmax"),
    ],
    [
      e("x.out", "fc1.in"),
      e("fc1.out", "act.in"),
      e("act.out", "drop.in"),
      e("drop.out", "fc2.in"),
      e("fc2.out", "prob.in"),
    ],
  );
  const cnn = doc(
    [
      n("img", "Input", { shape: [2, 8, 8] }),
      n("conv1", "Conv2d", { out_channels: 4, kernel_size: 3, padding: 1 }),
      n("bn", "BatchNorm2d"),
      n("relu", "ReLU"),
      n("pool", "MaxPool2d", { kernel_size: 2 }),
      n("conv2", "Conv2d", { out_channels: 3, kernel_size: [3, 2], stride: [1, 2] }),
      n("avg", "AvgPool2d", { kernel_size: 2, stride: 1, padding: 1 }),
      n("flat", "Flatten"),
      n("fc", "Linear", { out_features: 5 }),
      n("logp", "LogSoftmax"),
    ],
    [
      e("img.out", "conv1.in"),
      e("conv1.out", "bn.in"),
      e("bn.out", "relu.in"),
      e("relu.out", "pool.in"),
      e("pool.out", "conv2.in"),
      e("conv2.out", "avg.in"),
      e("avg.out", "flat.in"),
      e("flat.out", "fc.in"),
      e("fc.out", "logp.in"),
    ],
  );
  // The recurrent blocks read [T, B, F] when batch_first is false: a Transpose makes that from an Input.
  const seq = doc(
    [
      n("tokens", "Input", { shape: [4] }),
      n("emb", "Embedding", { num_embeddings: 7, embedding_dim: 3 }),
      n("tmajor", "Transpose", { dim0: 0, dim1: 1 }),
      n("lstm", "LSTM", { hidden_size: 5, num_layers: 2, batch_first: false }),
      n("gru", "GRU", { hidden_size: 4 }),
      n("last", "Linear", { out_features: 2 }),
    ],
    [
      e("tokens.out", "emb.in"),
      e("emb.out", "tmajor.in"),
      e("tmajor.out", "lstm.in"),
      e("emb.out", "gru.in"),
      e("lstm.h_n", "last.in"),
    ],
  );
  // A VAE: the losses and the optimiser stay behind, NormalSample exports its mean, so the
  // decoder must see mu: the reference is the same graph with the decoder wired to mu.
  const vaeNodes = [
    n("x", "Input", { shape: [6] }),
    n("enc", "Linear", { out_features: 5 }),
    n("h", "Tanh"),
    n("mu", "Linear", { out_features: 3 }),
    n("logvar", "Linear", { out_features: 3 }),
    n("z", "NormalSample"),
    n("dec", "Linear", { out_features: 6 }),
    n("recon", "Sigmoid"),
    n("rec", "MSELoss"),
    n("kl", "GaussianKL"),
    n("opt", "Adam"),
  ];
  const vaeEdges = [
    e("x.out", "enc.in"),
    e("enc.out", "h.in"),
    e("h.out", "mu.in"),
    e("h.out", "logvar.in"),
    e("mu.out", "z.mu"),
    e("logvar.out", "z.logvar"),
    e("dec.out", "recon.in"),
    e("recon.out", "rec.input"),
    e("x.out", "rec.target"),
    e("mu.out", "kl.mu"),
    e("logvar.out", "kl.logvar"),
    e("rec.loss", "opt.loss"),
  ];
  const vae = randomWeights(doc(vaeNodes, [...vaeEdges, e("z.out", "dec.in")]));
  const vaeMean = doc(
    vae.nodes.filter((x) => x.id !== "z"),
    [...vaeEdges.filter((x) => x.target.node !== "z"), e("mu.out", "dec.in")],
  );
  const vaeCase = makeCase("model VAE (losses and optimiser left out, NormalSample as its mean)", vae);
  vaeCase.expected = () => evalDoc(vaeMean, vaeCase.feeds, BATCH, ["recon.out"]);
  // NormalSample whose mu broadcasts against logvar: exported as Expand(mu, shape of logvar).
  const sample = doc(
    [
      { ...n("mu", "Parameter", { shape: [3] }), weights: { value: encodeWeight([3], [0.5, -1, 2]) } },
      n("logvar", "Input", { shape: [3] }),
      n("blk", "NormalSample"),
    ],
    [e("mu.out", "blk.mu"), e("logvar.out", "blk.logvar")],
  );
  return [
    vaeCase,
    makeCase("model NormalSample broadcasting mu [3] against logvar [B, 3]", sample, BATCH, {
      expected: noiseFreeBlk(sample, BATCH),
    }),
    makeCase("model MLP", randomWeights(mlp)),
    makeCase("model CNN", randomWeights(cnn)),
    makeCase(
      "model sequence (Embedding, time-major 2-layer LSTM, GRU)",
      randomWeights(seq),
      BATCH,
      {},
      {
        tokens: { kind: "int", max: 7 },
      },
    ),
  ];
}

/**
 * A block with no ONNX counterpart (simulated by an exporter without Tanh's emitter): it and
 * what depends on it are reported by node, and the rest of the graph still exports and runs.
 */
function partialCase(): Case {
  const d = randomWeights(
    doc(
      [
        n("x", "Input", { shape: [3] }),
        n("fc1", "Linear", { out_features: 4 }),
        n("t", "Tanh"),
        n("fc2", "Linear", { out_features: 2 }),
        n("side", "Linear", { out_features: 2 }),
      ],
      [e("x.out", "fc1.in"), e("fc1.out", "t.in"), e("t.out", "fc2.in"), e("x.out", "side.in")],
    ),
  );
  const { Tanh: _, ...emitters } = onnxEmitters;
  const exp = exportOnnx(d, { emitters });
  return {
    name: "partial export (Tanh without an emitter)",
    doc: d,
    batch: BATCH,
    feeds: feedsFor(d, exp, BATCH),
    exp,
    problems: [
      "t: Tanh has no ONNX counterpart in this exporter",
      "fc2: not exported: it depends on t, which could not be exported",
    ],
  };
}

const presets = presetCases();
/** A preset of nothing but training (a loss on Parameters) has no inference graph: it must say so. */
const withoutInference = presets.filter((c) => c.exp.bytes.length === 0);
const cases = [
  ...presets.filter((c) => !withoutInference.includes(c)),
  ...blockCases(),
  ...modelCases(),
  partialCase(),
];

// ---------- runners ----------

/**
 * wiregrad's eval-mode values, keyed "node.port", on the case's feeds: the exported outputs
 * and what feeds the block under test (the samplers' references read it).
 */
function ours(c: Case): Map<string, Float32Array> {
  const blk = analyze(c.doc).nodes.get("blk");
  const keys = [
    ...c.exp.outputs.map((o) => `${o.node}.${o.port}`),
    ...Object.values(blk?.incoming ?? {}).map((edge) => `${edge.source.node}.${edge.source.port}`),
  ];
  return evalDoc(c.doc, c.feeds, c.batch, keys);
}

/** Eval-mode values of the given ports ("node.port") of a doc, on CPU in float32; keyed by port, and by node too. */
function evalDoc(d: GraphDoc, feeds: Record<string, Float32Array>, batch: number, keys: string[]) {
  const p = buildEvalProgram(d, batch);
  const { values, problems } = initVariables(p, d, d.training?.seed ?? 0);
  if (problems.length) throw new Error(problems.map(formatProblem).join("\n"));
  const vals = executeCpu(
    p.nodes,
    keys.map((k) => p.ports.get(k)!),
    { dtype: "f32", feeds, variables: Object.fromEntries(values), seed: 0, step: 0 },
  );
  const out = new Map<string, Float32Array>();
  keys.forEach((k, i) => {
    out.set(k, vals[i] as Float32Array);
    out.set(k.split(".")[0], vals[i] as Float32Array);
  });
  return out;
}

async function runOrt(c: Case): Promise<InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(c.exp.bytes);
  const feeds: Record<string, Tensor> = {};
  for (const i of c.exp.inputs) {
    feeds[i.name] = new ort.Tensor(
      "float32",
      c.feeds[i.name],
      i.shape.map((s) => (s === "B" ? c.batch : s)),
    );
  }
  return session.run(feeds);
}

function expectClose(label: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length, `${label}: size`).toBe(want.length);
  let worst = { i: -1, excess: 0 };
  for (let i = 0; i < want.length; i++) {
    const excess = Math.abs(got[i] - want[i]) - (ATOL + RTOL * Math.abs(want[i]));
    if (!(excess <= worst.excess)) worst = { i, excess };
  }
  if (worst.i >= 0) {
    const { i } = worst;
    expect.fail(
      `${label}: element ${i}: onnxruntime ${got[i]}, wiregrad ${want[i]} (|diff| ${Math.abs(got[i] - want[i])})`,
    );
  }
}

/** One /usr/bin/python3 for all files: onnx.checker.check_model(full_check=True) on each. */
function checkAll(files: Record<string, Uint8Array>): { results: Record<string, string>; error?: string } {
  const dir = mkdtempSync(join(tmpdir(), "wiregrad-onnx-"));
  const paths: Record<string, string> = {};
  Object.entries(files).forEach(([name, bytes], k) => {
    paths[name] = join(dir, `${k}.onnx`);
    writeFileSync(paths[name], bytes);
  });
  const script = [
    "import json, sys",
    "import onnx",
    "out = {}",
    "for p in sys.argv[1:]:",
    "    try:",
    "        onnx.checker.check_model(onnx.load(p), full_check=True)",
    "        out[p] = 'ok'",
    "    except Exception as e:",
    "        out[p] = f'{type(e).__name__}: {e}'",
    "print(json.dumps(out))",
  ].join("\n");
  const r = spawnSync(PYTHON, ["-c", script, ...Object.values(paths)], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.error || r.status !== 0) {
    return {
      results: {},
      error:
        `${PYTHON} could not run onnx.checker (${r.error?.message ?? r.stderr.trim().split("\n").pop()}). ` +
        "Install Debian's python3-onnx: apt-get install python3-onnx",
    };
  }
  const byPath = JSON.parse(r.stdout) as Record<string, string>;
  return { results: Object.fromEntries(Object.entries(paths).map(([name, p]) => [name, byPath[p]])) };
}

// ---------- tests ----------

describe("ONNX export: coverage", () => {
  it("every block is exported or is training-only, and every emitter is a block", () => {
    const missing = Object.values(blocks)
      .filter((b) => !TRAINING_ONLY.includes(b.category) && !onnxEmitters[b.type])
      .map((b) => b.type);
    expect(missing).toEqual([]);
    expect(Object.keys(onnxEmitters).filter((t) => !blocks[t])).toEqual([]);
  });

  it("presets without an inference graph (none today) say so rather than fail", () => {
    for (const c of withoutInference) {
      expect(c.exp.problems.map(formatProblem), c.name).toEqual([
        "graph: no inference graph to export: after leaving out losses, optimisers and targets, nothing is left that computes an output",
      ]);
    }
    expect(presets.length - withoutInference.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s exports (problems only where stated)", (_, c) => {
    expect(c.exp.problems.map(formatProblem)).toEqual(c.problems ?? []);
    expect(c.exp.bytes.length).toBeGreaterThan(0);
    expect(c.exp.opset).toBe(17);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    "%s: names, initializers and the symbolic batch",
    (_, c) => {
      const m = decodeModel(c.exp.bytes);
      const g = m.graph!;
      const a = analyze(c.doc);
      expect(toNum(m.irVersion)).toBe(8);
      expect(m.opsetImport!.map((o) => [o.domain, toNum(o.version)])).toEqual([["", 17]]);
      // Initializers are exactly the weights of the exported blocks, named <node>.<param>.
      const exported = new Set((g.node ?? []).map((x) => x.name!.split("/")[0]));
      const weights = [...a.nodes.values()]
        .filter((x) => exported.has(x.id))
        .flatMap((x) => Object.keys(x.weights).map((w) => `${x.id}.${w}`));
      expect((g.initializer ?? []).map((t) => t.name).sort()).toEqual(weights.sort());
      // Every ONNX node belongs to a block: its id, or "<id>/<Op>" for a helper.
      for (const node of g.node ?? []) expect(a.nodes.has(node.name!.split("/")[0]), node.name!).toBe(true);
      // The batch is the dim_param "B" wherever the graph's shape has it.
      for (const port of [...c.exp.inputs, ...c.exp.outputs]) {
        const v = [...(g.input ?? []), ...(g.output ?? [])].find((x) => x.name === port.name)!;
        const dims = v.type!.tensorType!.shape!.dim!.map((d) =>
          d.dimParam ? d.dimParam : toNum(d.dimValue),
        );
        expect(dims, port.name).toEqual(port.shape);
      }
    },
  );
});

describe("ONNX export: what is left out, and why", () => {
  const load = (f: string) => {
    const r = parseGraphDoc(readFileSync(join(__dirname, "../../presets", f), "utf8"), f);
    if (!r.ok) throw new Error(f);
    return r.doc;
  };

  it("a classifier preset: the loss, the optimiser and the targets are left out, and the notes say so", () => {
    const exp = exportOnnx(load("spiral-mlp.json"));
    expect(exp.notes.map(formatProblem)).toEqual([
      "loss: left out: CrossEntropyLoss is a loss, used for training only",
      "opt: left out: Adam is an optimiser, used for training only",
      "data: data.y (the targets) is not a graph input: inference has no targets",
    ]);
    expect(exp.inputs.map((i) => [i.name, i.shape])).toEqual([["data.x", ["B", 2]]]);
    expect(exp.outputs.map((o) => [o.name, o.shape])).toEqual([["out", ["B", 2]]]);
  });

  it("blocks computed from the targets are training-only too", () => {
    const d = doc(
      [
        n("data", "Dataset", { name: "linear" }),
        n("fc", "Linear", { out_features: 1 }),
        n("scaled", "Mul"),
        n("two", "Constant", { value: 2 }),
        n("loss", "MSELoss"),
      ],
      [
        e("data.x", "fc.in"),
        e("data.y", "scaled.a"),
        e("two.out", "scaled.b"),
        e("fc.out", "loss.input"),
        e("scaled.out", "loss.target"),
      ],
    );
    const exp = exportOnnx(d);
    expect(exp.problems).toEqual([]);
    expect(exp.notes.map(formatProblem)).toEqual([
      "scaled: left out: it depends on the targets data.y, which an inference graph does not have",
      "loss: left out: MSELoss is a loss, used for training only",
      "two: left out: it feeds only training-only blocks (such as a loss's target)",
      "data: data.y (the targets) is not a graph input: inference has no targets",
    ]);
    expect(exp.outputs.map((o) => o.name)).toEqual(["fc"]);
  });

  it("samplers say they export their noise-free value", () => {
    const vae = cases.find((c) => c.name.startsWith("model VAE"))!;
    expect(vae.exp.notes.map(formatProblem)).toContain(
      "z: exported as its mean mu: the sampling noise exp(logvar/2)·ε is left out of the inference graph",
    );
    const gumbel = cases.filter((c) => c.name.startsWith("block GumbelSoftmax"));
    expect(gumbel.map((c) => c.exp.notes.map(formatProblem))).toEqual([
      ["blk: exported without the Gumbel noise: softmax(logits / 1)"],
      ["blk: exported without the Gumbel noise: softmax(logits / 0.5)"],
      ["blk: exported without the Gumbel noise: softmax(logits / 1)"],
      ["blk: exported without the Gumbel noise: the one-hot of the largest logit"],
    ]);
  });

  it("a graph with nothing but training has no inference graph, and the export says so", () => {
    const d = doc(
      [
        n("w", "Parameter", { shape: [2] }),
        n("t", "Constant", { value: [1, 2] }),
        n("loss", "MSELoss"),
        n("opt", "SGD"),
      ],
      [e("w.out", "loss.input"), e("t.out", "loss.target"), e("loss.loss", "opt.loss")],
    );
    const exp = exportOnnx(d);
    expect(exp.bytes.length).toBe(0);
    expect(exp.problems.map(formatProblem)).toEqual([
      "graph: no inference graph to export: after leaving out losses, optimisers and targets, nothing is left that computes an output",
    ]);
  });

  it("a broken graph is not exported: its own problems are returned", () => {
    const d = doc(
      [n("x", "Input", { shape: [3] }), n("fc", "Linear", { out_features: 0 })],
      [e("x.out", "fc.in")],
    );
    const exp = exportOnnx(d);
    expect(exp.bytes.length).toBe(0);
    expect(exp.problems.map(formatProblem)).toEqual(["fc.out_features: out_features: must be ≥ 1, got 0"]);
  });
});

describe("ONNX export: onnx.checker (Debian python3-onnx, full_check)", () => {
  let checked: ReturnType<typeof checkAll>;
  beforeAll(() => {
    checked = checkAll(Object.fromEntries(cases.map((c) => [c.name, c.exp.bytes])));
  });

  it("python3-onnx is installed under /usr/bin/python3", () => {
    if (checked.error) expect.fail(checked.error);
  });

  it.each(cases.map((c) => [c.name] as const))("%s passes onnx.checker", (name) => {
    if (checked.error) expect.fail(checked.error);
    expect(checked.results[name], checked.results[name]).toBe("ok");
  });
});

describe("ONNX export: onnxruntime-node matches wiregrad (eval mode, float32)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const mine = ours(c);
    const noiseFree = c.expected?.(mine);
    const got = await runOrt(c);
    expect(c.exp.outputs.length).toBeGreaterThan(0);
    for (const o of c.exp.outputs) {
      const key = `${o.node}.${o.port}`;
      const w = noiseFree?.get(o.node) ?? mine.get(key)!;
      const shape = o.shape.map((s) => (s === "B" ? c.batch : s));
      expect(got[o.name].dims, `${o.name}: shape`).toEqual(shape);
      if (c.afterNoise?.has(o.node)) {
        expect((got[o.name].data as Float32Array).every(Number.isFinite), `${o.name}: finite`).toBe(true);
        continue;
      }
      expectClose(o.name, got[o.name].data as Float32Array, w);
    }
  });
});
