import type { InferenceSession, Tensor } from "onnxruntime-common";
// onnxruntime-node 1.17.0 names dist/index.d.ts in its package.json but does not ship it; its
// API is onnxruntime-common's, whose types it re-exports, so they type the module here.
// @ts-expect-error the missing declaration file (see above)
import * as ortModule from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { executeCpu } from "../../src/backends/cpu/executor";
import { analyze } from "../../src/compile/analyze";
import { initWeight } from "../../src/compile/init";
import { formatProblem } from "../../src/compile/problems";
import { buildEvalProgram } from "../../src/compile/program";
import { initVariables } from "../../src/compile/variables";
import { exportOnnx } from "../../src/export/onnx/export";
import { IMPORTABLE_OPS, importOnnx } from "../../src/export/onnx/import";
import {
  A,
  type Attr,
  attributeProto,
  encodeModel,
  floatTensor,
  int64Tensor,
  type NodeProto,
  type TensorProto,
} from "../../src/export/onnx/proto";
import type { GraphDoc } from "../../src/graph/doc";
import { loadGraphDoc } from "../../src/graph/load";
import { decodeWeight, encodeWeight } from "../../src/graph/weights";
import { SeededRandom } from "../../src/ir/rng";
import { doc, e, n } from "../helpers/docs";

const ort = ortModule as unknown as { InferenceSession: typeof InferenceSession; Tensor: typeof Tensor };

// Import: ONNX models built from the supported operators become GraphDocs that compute what
// onnxruntime computes; wiregrad's own exports come back as the same graph, bit for bit;
// what cannot be imported is listed by operator and node name.
//
// Tolerance against onnxruntime, as in onnx.test.ts: |ort − ours| ≤ 1e-5 + 1e-5·|ours|, both
// float32; the runtimes differ only in summation order and in onnxruntime's vectorised
// exp/tanh approximations (observed ≤ 2e-6 on these graphs).
const ATOL = 1e-5;
const RTOL = 1e-5;
const BATCH = 4;

const rng = new SeededRandom(9, 21);
const normals = (count: number, scale = 1) =>
  Float32Array.from({ length: count }, () => scale * rng.normal());
const size = (shape: number[]) => shape.reduce((p, q) => p * q, 1);

// ---------- building ONNX models by hand ----------

function node(
  op: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, Attr> = {},
  name = outputs[0],
) {
  const proto: NodeProto = {
    opType: op,
    name,
    input: inputs,
    output: outputs,
    attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)),
  };
  return proto;
}

/** A random float initializer (positive when asked: variances). */
function init(name: string, shape: number[], positive = false): TensorProto {
  const data = normals(size(shape), 0.5).map((v) => (positive ? 0.5 + Math.abs(v) : v));
  return floatTensor(name, shape, data);
}

/** A float tensor's type; a string dim is symbolic (dim_param). */
function vi(name: string, dims: (number | string)[]) {
  const shape = { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) };
  return { name, type: { tensorType: { elemType: 1, shape } } };
}

function model(
  nodes: NodeProto[],
  inputs: [string, (number | string)[]][],
  outputs: [string, (number | string)[]][],
  initializers: TensorProto[],
  opset = 17,
): Uint8Array {
  return encodeModel({
    irVersion: opset >= 15 ? 8 : 6,
    opsetImport: [{ domain: "", version: opset }],
    producerName: "hand",
    graph: {
      name: "hand-made",
      node: nodes,
      input: inputs.map(([k, s]) => vi(k, s)),
      output: outputs.map(([k, s]) => vi(k, s)),
      initializer: initializers,
    },
  });
}

// ---------- running both sides ----------

/** wiregrad's eval-mode values of every sink output of a doc, keyed "node.port". */
function ours(d: GraphDoc, feeds: Record<string, Float32Array>, batch: number): Map<string, Float32Array> {
  const a = analyze(d);
  expect(a.problems.map(formatProblem)).toEqual([]);
  const p = buildEvalProgram(d, batch, a);
  const { values, problems } = initVariables(p, d, 0);
  expect(problems).toEqual([]);
  const keys = [...p.ports.keys()];
  const vals = executeCpu(
    p.nodes,
    keys.map((k) => p.ports.get(k)!),
    { dtype: "f32", feeds, variables: Object.fromEntries(values), seed: 0, step: 0 },
  );
  return new Map(keys.map((k, i) => [k, vals[i] as Float32Array]));
}

async function runOrt(bytes: Uint8Array, feeds: Record<string, [Float32Array, number[]]>) {
  const s = await ort.InferenceSession.create(bytes);
  return s.run(
    Object.fromEntries(
      Object.entries(feeds).map(([k, [d, shape]]) => [k, new ort.Tensor("float32", d, shape)]),
    ),
  );
}

function expectClose(label: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length, `${label}: size`).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= ATOL + RTOL * Math.abs(want[i]))) {
      expect.fail(`${label}: element ${i}: onnxruntime ${got[i]}, wiregrad ${want[i]}`);
    }
  }
}

/** Import `bytes`, check the doc is a valid GraphDoc, and compare it with onnxruntime on random inputs. */
async function importAndCompare(
  bytes: Uint8Array,
  inputs: Record<string, number[]>,
  outputs: Record<string, string>,
) {
  const r = importOnnx(bytes);
  expect(r.problems).toEqual([]);
  expect(loadGraphDoc(JSON.parse(JSON.stringify(r.doc))).ok).toBe(true);
  const feeds = Object.fromEntries(Object.entries(inputs).map(([k, s]) => [k, normals(size(s))]));
  const mine = ours(r.doc, feeds, BATCH);
  const got = await runOrt(
    bytes,
    Object.fromEntries(Object.entries(inputs).map(([k, s]) => [k, [feeds[k], s]])),
  );
  for (const [onnxName, port] of Object.entries(outputs))
    expectClose(onnxName, got[onnxName].data as Float32Array, mine.get(port)!);
  return r.doc;
}

// ---------- tests ----------

describe("ONNX import: hand-made models match onnxruntime", () => {
  it("dense: MatMul+Add, Gemm (alpha, beta, transB=0), Tanh, Sigmoid, Mul, Concat of three, BatchNormalization, Relu, Reshape, Softmax, Flatten, Add", async () => {
    const bytes = model(
      [
        node("MatMul", ["x", "W1"], ["m1"], {}, "/fc1/MatMul"),
        node("Add", ["m1", "b1"], ["a1"], {}, "/fc1/Add"),
        node("Tanh", ["a1"], ["t"]),
        node("Gemm", ["x", "W2", "C2"], ["g"], { alpha: A.f(0.5), beta: A.f(2) }, "gemm"),
        node("Sigmoid", ["g"], ["s"]),
        node("Mul", ["s", "scale"], ["k"]),
        node("Concat", ["t", "k", "x"], ["cat"], { axis: A.i(1) }),
        node("BatchNormalization", ["cat", "bn.s", "bn.b", "bn.m", "bn.v"], ["bn"], { epsilon: A.f(1e-3) }),
        node("Relu", ["bn"], ["r"]),
        node("Constant", [], ["shape"], { value: A.t(int64Tensor("shape", [3], [-1, 3, 5])) }),
        node("Reshape", ["r", "shape"], ["rs"]),
        node("Softmax", ["rs"], ["sm"], { axis: A.i(1) }),
        node("Flatten", ["sm"], ["fl"]),
        node("Constant", [], ["shift"], { value: A.t(floatTensor("shift", [15], normals(15))) }),
        node("Add", ["fl", "shift"], ["y"]),
      ],
      [["x", ["B", 6]]],
      [["y", ["B", 15]]],
      [
        init("W1", [6, 5]),
        init("b1", [5]),
        init("W2", [6, 4]),
        init("C2", [1, 4]),
        init("scale", [4]),
        init("bn.s", [15]),
        init("bn.b", [15]),
        init("bn.m", [15]),
        init("bn.v", [15], true),
      ],
    );
    const d = await importAndCompare(bytes, { x: [BATCH, 6] }, { y: "y.out" });
    expect(d.nodes.map((x) => [x.id, x.type])).toEqual([
      ["x", "Input"],
      ["fc1_MatMul", "Linear"],
      ["t", "Tanh"],
      ["gemm", "Linear"],
      ["s", "Sigmoid"],
      ["scale", "Parameter"],
      ["k", "Mul"],
      ["cat", "Concat"],
      ["cat_2", "Concat"],
      ["bn", "BatchNorm1d"],
      ["r", "ReLU"],
      ["rs", "Reshape"],
      ["sm", "Softmax"],
      ["fl", "Flatten"],
      ["shift", "Constant"],
      ["y", "Add"],
    ]);
    expect(d.nodes.find((x) => x.id === "bn")!.params).toEqual({ eps: 0.001, momentum: 0.1 });
  });

  it("convolutional: Conv (stride, padding), BatchNormalization, Relu, MaxPool (ONNX's stride 1), AveragePool (padding counted), Flatten, Gemm, Softmax", async () => {
    const bytes = model(
      [
        node(
          "Conv",
          ["img", "Wc", "Bc"],
          ["c1"],
          { strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) },
          "conv",
        ),
        node("BatchNormalization", ["c1", "s", "b", "m", "v"], ["bn"]),
        node("Relu", ["bn"], ["r"]),
        node("MaxPool", ["r"], ["mp"], { kernel_shape: A.ints([2, 2]) }),
        node("AveragePool", ["mp"], ["ap"], {
          kernel_shape: A.ints([2, 2]),
          pads: A.ints([1, 1, 1, 1]),
          count_include_pad: A.i(1),
        }),
        node("Flatten", ["ap"], ["fl"]),
        node("Gemm", ["fl", "Wf", "Bf"], ["fc"], { transB: A.i(1) }),
        node("Softmax", ["fc"], ["p"]),
      ],
      [["img", ["B", 2, 7, 7]]],
      [["p", ["B", 10]]],
      [
        init("Wc", [3, 2, 3, 3]),
        init("Bc", [3]),
        init("s", [3]),
        init("b", [3]),
        init("m", [3]),
        init("v", [3], true),
        init("Wf", [10, 48]),
        init("Bf", [10]),
      ],
    );
    const d = await importAndCompare(bytes, { img: [BATCH, 2, 7, 7] }, { p: "p.out" });
    expect(d.nodes.map((x) => x.type)).toEqual([
      "Input",
      "Conv2d",
      "BatchNorm2d",
      "ReLU",
      "MaxPool2d",
      "AvgPool2d",
      "Flatten",
      "Linear",
      "Softmax",
    ]);
    expect(d.nodes.find((x) => x.id === "mp")!.params).toEqual({ kernel_size: 2, stride: 1, padding: 0 });
  });

  it("opset 11: Dropout's ratio attribute and the old Softmax over the last dim", async () => {
    const bytes = model(
      [node("Dropout", ["x"], ["dr"], { ratio: A.f(0.2) }), node("Softmax", ["dr"], ["p"], { axis: A.i(1) })],
      [["x", ["B", 4]]],
      [["p", ["B", 4]]],
      [],
      11,
    );
    const d = await importAndCompare(bytes, { x: [BATCH, 4] }, { p: "p.out" });
    expect(d.nodes.map((x) => [x.type, x.params])).toEqual([
      ["Input", { shape: [4] }],
      ["Dropout", { p: 0.2 }],
      ["Softmax", { dim: 1 }],
    ]);
  });
});

describe("ONNX import: wiregrad's own exports come back as the same graph", () => {
  /** Random weights for every block, so the round trip carries real numbers. */
  function withWeights(d: GraphDoc): GraphDoc {
    const a = analyze(d);
    for (const x of d.nodes) {
      for (const [w, spec] of Object.entries(a.nodes.get(x.id)!.weights)) {
        const base = initWeight(spec.init, spec.shape, 1, `${x.id}.${w}`);
        const data =
          w === "running_var" ? base.map(() => 0.5 + rng.uniform()) : base.map((v) => v + 0.3 * rng.normal());
        x.weights = { ...x.weights, [w]: encodeWeight(spec.shape, data) };
      }
    }
    return d;
  }

  const mlp = withWeights(
    doc(
      [
        n("x", "Input", { shape: [5] }),
        n("fc1", "Linear", { out_features: 8 }),
        n("act", "ReLU"),
        n("fc2", "Linear", { out_features: 3, bias: false }),
        n("prob", "Softmax"),
      ],
      [e("x.out", "fc1.in"), e("fc1.out", "act.in"), e("act.out", "fc2.in"), e("fc2.out", "prob.in")],
    ),
  );
  const cnn = withWeights(
    doc(
      [
        n("img", "Input", { shape: [1, 8, 8] }),
        n("conv", "Conv2d", { out_channels: 4, kernel_size: 3, padding: 1 }),
        n("bn", "BatchNorm2d", { eps: 0.001 }),
        n("relu", "ReLU"),
        n("pool", "MaxPool2d", { kernel_size: 2 }),
        n("avg", "AvgPool2d", { kernel_size: 3, stride: 2, padding: 1 }),
        n("flat", "Flatten"),
        n("fc", "Linear", { out_features: 5 }),
        n("act", "Sigmoid"),
      ],
      [
        e("img.out", "conv.in"),
        e("conv.out", "bn.in"),
        e("bn.out", "relu.in"),
        e("relu.out", "pool.in"),
        e("pool.out", "avg.in"),
        e("avg.out", "flat.in"),
        e("flat.out", "fc.in"),
        e("fc.out", "act.in"),
      ],
    ),
  );

  it.each([
    ["an MLP", mlp, "prob.out", [5]],
    ["a small CNN", cnn, "act.out", [1, 8, 8]],
  ] as const)("%s: export → import → the same blocks, weights and outputs", (_, original, out, sample) => {
    const exp = exportOnnx(original);
    expect(exp.problems).toEqual([]);
    const back = importOnnx(exp.bytes);
    expect(back.problems).toEqual([]);
    // The same blocks under the same ids and params (defaults filled in), with the same weights, bit for bit.
    const blocksOf = (d: GraphDoc) => {
      const a = analyze(d);
      return d.nodes.map((x) => [x.id, x.type, a.nodes.get(x.id)!.params]);
    };
    expect(blocksOf(back.doc)).toEqual(blocksOf(original));
    for (const x of original.nodes) {
      const y = back.doc.nodes.find((z) => z.id === x.id)!;
      for (const [w, t] of Object.entries(x.weights ?? {})) {
        expect(Array.from(decodeWeight(y.weights![w])), `${x.id}.${w}`).toEqual(Array.from(decodeWeight(t)));
      }
    }
    const feeds = { [original.nodes[0].id]: normals(BATCH * size([...sample])) };
    expect(ours(back.doc, feeds, BATCH).get(out)).toEqual(ours(original, feeds, BATCH).get(out));
  });
});

describe("ONNX import: what cannot be imported is listed", () => {
  it("an unsupported operator, what depends on it, and operators used in ways no block has", () => {
    const bytes = model(
      [
        node("Erf", ["x"], ["er"], {}, "erf1"),
        node("Relu", ["er"], ["r"], {}, "after_erf"),
        node("Tanh", ["x"], ["t"], {}, "ok_tanh"),
        node("Flatten", ["t"], ["f0"], { axis: A.i(0) }, "flat0"),
        node("Gemm", ["x", "t"], ["g"], { transB: A.i(1) }, "gemm_computed"),
        node("Conv", ["img", "W"], ["c"], { group: A.i(2) }, "grouped"),
        node("Reshape", ["t", "fixed"], ["rs"], {}, "fixed_batch"),
      ],
      [
        ["x", ["B", 4]],
        ["img", ["B", 2, 5, 5]],
        ["seq", ["B", "T", 3]],
      ],
      [
        ["r", ["B", 4]],
        ["t", ["B", 4]],
      ],
      [init("W", [2, 1, 3, 3]), int64Tensor("fixed", [2], [1, -1])],
    );
    const r = importOnnx(bytes);
    expect(r.problems).toEqual([
      'graph input "seq": a dim other than the first (the batch) has no fixed size',
      `Erf "erf1": no wiregrad block for this operator (importable: ${IMPORTABLE_OPS.join(", ")})`,
      'Relu "after_erf": not imported, its input "er" comes from Erf "erf1", which was not imported',
      'Flatten "flat0": not imported: axis=0 merges the batch dim (only axis=1 maps to Flatten)',
      'Gemm "gemm_computed": not imported: its weight B must be a constant (an initializer), not computed in the graph',
      'Conv "grouped": not imported: group=2 (grouped convolution)',
      'Reshape "fixed_batch": not imported: it fixes the batch size to 1 (Reshape keeps the batch)',
    ]);
    // What could be imported is there and valid.
    expect(r.doc.nodes.map((x) => [x.id, x.type])).toEqual([
      ["x", "Input"],
      ["img", "Input"],
      ["ok_tanh", "Tanh"],
    ]);
    expect(loadGraphDoc(JSON.parse(JSON.stringify(r.doc))).ok).toBe(true);
  });

  it("a file that is not ONNX says so", () => {
    const r = importOnnx(new TextEncoder().encode("this is not a protobuf at all, just text"));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^not an ONNX model: /);
    expect(r.doc.nodes).toEqual([]);
  });

  it("lists the operators it imports", () => {
    expect(IMPORTABLE_OPS).toEqual(
      expect.arrayContaining([
        "Gemm",
        "MatMul",
        "Add",
        "Conv",
        "Relu",
        "Sigmoid",
        "Tanh",
        "MaxPool",
        "AveragePool",
        "Flatten",
        "Reshape",
        "Softmax",
        "BatchNormalization",
        "Concat",
        "Mul",
      ]),
    );
  });
});

describe("ONNX import: layout", () => {
  it("lays nodes out left to right in topological layers, without overlaps", () => {
    const bytes = model(
      [
        node("Relu", ["x"], ["a"]),
        node("Tanh", ["x"], ["b"]),
        node("Add", ["a", "b"], ["c"]),
        node("Sigmoid", ["c"], ["d"]),
        node("Mul", ["d", "x"], ["y"]),
      ],
      [["x", ["B", 3]]],
      [["y", ["B", 3]]],
      [],
    );
    const { doc: d, problems } = importOnnx(bytes);
    expect(problems).toEqual([]);
    const at = new Map(d.nodes.map((x) => [x.id, x.position]));
    for (const edge of d.edges) expect(at.get(edge.source.node)!.x).toBeLessThan(at.get(edge.target.node)!.x);
    const spots = d.nodes.map((x) => `${x.position.x},${x.position.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    expect(d.nodes.map((x) => [x.id, x.position.x])).toEqual([
      ["x", 80],
      ["a", 320],
      ["b", 320],
      ["c", 560],
      ["d", 800],
      ["y", 1040],
    ]);
  });
});
