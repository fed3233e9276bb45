import { describe, expect, it } from "vitest";
import { blocks } from "../../nodes";
import { executeCpu } from "../../src/backends/cpu/executor";
import { analyze } from "../../src/compile/analyze";
import { lowerBlock } from "../../src/compile/lowerBlock";
import { resolveParams } from "../../src/compile/params";
import { buildGradProgram } from "../../src/compile/program";
import { initVariables } from "../../src/compile/variables";
import type { GraphDoc } from "../../src/graph/doc";
import { IRBuilder, type Tensor } from "../../src/ir/builder";

// What the generated block tests cannot see: forward values against PyTorch, the metrics a
// loss reports, L2Penalty reading other nodes' weights, and errors raised by params alone.

type Fixed = Record<string, { shape: number[]; data: number[] }>;

/** Lower one block on fixed inputs and return its loss and every metric it reports, in Float64. */
function runLoss(type: string, rawParams: Record<string, unknown>, inputs: Fixed): Record<string, number> {
  const def = blocks[type];
  const { params, problems } = resolveParams(def, rawParams);
  expect(problems).toEqual([]);
  const b = new IRBuilder();
  const ins: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) ins[k] = b.input(k, v.shape);
  const metrics: Record<string, Tensor> = {};
  const outs = lowerBlock(
    b,
    def,
    "n",
    params,
    ins,
    {},
    { mode: "train", batch: 1 },
    {
      feed: () => {
        throw new Error("no feeds here");
      },
      setState: () => {},
      weightsOf: () => ({}),
      metric: (_node, name, v) => {
        metrics[name] = v;
      },
    },
  );
  const names = ["loss", ...Object.keys(metrics)];
  const vals = executeCpu(b.nodes, [outs.loss.id, ...Object.values(metrics).map((t) => t.id)], {
    dtype: "f64",
    feeds: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, Float64Array.from(v.data)])),
    variables: {},
    seed: 1,
    step: 0,
  });
  return Object.fromEntries(names.map((n, i) => [n, vals[i][0]]));
}

const logits = { shape: [4, 3], data: [0.3, -1.2, 2.0, 1.5, 0.1, -0.7, -0.4, 0.9, 0.2, 2.2, -0.3, 0.5] };
const labels = { shape: [4], data: [2, 0, 0, 1] };
const probs = { shape: [2, 3], data: [0.2, 0.3, 0.5, 0.6, 0.1, 0.3] };
const x6 = { shape: [2, 3], data: [0.3, -1.2, 2.0, 1.5, 0.1, -0.7] };

// Expected values printed by torch 1.13 (float64) for the same numbers.
describe("losses agree with torch.nn.functional", () => {
  it("cross_entropy with class indices, label smoothing and sum", () => {
    const a = runLoss("CrossEntropyLoss", {}, { input: logits, target: labels });
    expect(a.loss).toBeCloseTo(1.2781530416335383, 12);
    expect(a.accuracy).toBe(0.5);
    const s = runLoss(
      "CrossEntropyLoss",
      { label_smoothing: 0.1, reduction: "sum" },
      { input: logits, target: labels },
    );
    expect(s.loss).toBeCloseTo(5.222612166534153, 12);
  });
  it("cross_entropy with probabilities, with and without label smoothing", () => {
    const p = runLoss("CrossEntropyLoss", {}, { input: x6, target: probs });
    expect(p.loss).toBeCloseTo(1.3036212201709645, 12);
    expect(p.accuracy).toBe(1);
    const ls = runLoss("CrossEntropyLoss", { label_smoothing: 0.3 }, { input: x6, target: probs });
    expect(ls.loss).toBeCloseTo(1.4136212201709646, 12);
  });
  it("cross_entropy over positions [B, C, L]", () => {
    const input = { shape: [2, 3, 2], data: logits.data };
    const r = runLoss(
      "CrossEntropyLoss",
      { label_smoothing: 0.1 },
      { input, target: { shape: [2, 2], data: [1, 2, 0, 1] } },
    );
    expect(r.loss).toBeCloseTo(1.133449929964402, 12);
    expect(r.accuracy).toBe(0.5);
  });
  it("binary_cross_entropy_with_logits stays finite at large logits", () => {
    const input = { shape: [2, 3], data: [0.3, -1.2, 2.0, 35.0, -40.0, -0.7] };
    const target = { shape: [2, 3], data: [1, 0, 0.3, 1, 1, 0.9] };
    const r = runLoss("BCEWithLogitsLoss", {}, { input, target });
    expect(r.loss).toBeCloseTo(7.229625295289163, 12);
    expect(r.accuracy).toBe(0.5);
  });
  it("nll_loss, l1_loss and the Gaussian KL", () => {
    expect(runLoss("NLLLoss", {}, { input: logits, target: labels }).loss).toBeCloseTo(-0.7, 12);
    const t = { shape: [2, 3], data: [1, 0, 0.3, 1, 1, 0.9] };
    expect(runLoss("L1Loss", {}, { input: x6, target: t }).loss).toBeCloseTo(1.1, 12);
    // torch.distributions.kl_divergence(Normal(mu, σ), Normal(0, 1)).sum(1).mean()
    const logvar = { shape: [2, 3], data: [0.1, -0.5, 0.3, 1.0, -2.0, 0.0] };
    expect(runLoss("GaussianKL", {}, { mu: x6, logvar }).loss).toBeCloseTo(2.5737943742649856, 12);
    expect(runLoss("GaussianKL", { reduction: "sum" }, { mu: x6, logvar }).loss).toBeCloseTo(
      5.147588748529971,
      12,
    );
  });
  it("gives NaN for a class index out of range instead of reading the next row", () => {
    // The same on every backend (the WebGPU kernels cannot throw): the NaN reaches the loss,
    // where training reports the first NaN and its block.
    for (const type of ["NLLLoss", "CrossEntropyLoss"]) {
      for (const bad of [3, -1, 7]) {
        const r = runLoss(type, {}, { input: logits, target: { shape: [4], data: [2, bad, 0, 1] } });
        expect(r.loss, `${type} with index ${bad}`).toBeNaN();
      }
      const ok = runLoss(type, {}, { input: logits, target: { shape: [4], data: [2, 2, 0, 1] } });
      expect(ok.loss).not.toBeNaN();
    }
  });
});

describe("L2Penalty through the compiler", () => {
  const doc: GraphDoc = {
    format: "wiregrad-graph",
    version: 1,
    meta: {},
    nodes: [
      { id: "c", type: "Constant", params: { value: [[1, 2, 3]] }, position: { x: 0, y: 0 } },
      {
        id: "fc",
        type: "Linear",
        params: { out_features: 2 },
        position: { x: 0, y: 0 },
        weights: {
          weight: { shape: [2, 3], data: [1, -2, 0.5, 0, 3, -1] },
          bias: { shape: [2], data: [4, 5] },
        },
      },
      {
        id: "p",
        type: "Parameter",
        params: { shape: [2], init: "values", value: [-1.5, 2] },
        position: { x: 0, y: 0 },
      },
      { id: "l2", type: "L2Penalty", params: { coef: 0.5, params: ["fc", "p"] }, position: { x: 0, y: 0 } },
    ],
    edges: [{ id: "e", source: { node: "c", port: "out" }, target: { node: "fc", port: "in" } }],
  };

  it("adds coef·Σw² over weights and values, not biases, with gradient 2·coef·w", () => {
    const prog = buildGradProgram(doc, 1);
    const { values, problems } = initVariables(prog, doc, 0);
    expect(problems).toEqual([]);
    const names = ["fc.weight", "fc.bias", "p.value"];
    const out = executeCpu(prog.nodes, [prog.loss!, ...names.map((n) => prog.grads.get(n)!)], {
      dtype: "f64",
      feeds: {},
      variables: Object.fromEntries([...values].map(([k, v]) => [k, Float64Array.from(v)])),
      seed: 0,
      step: 0,
    });
    // Σ w² = 1 + 4 + 0.25 + 0 + 9 + 1 = 15.25, Σ value² = 2.25 + 4 = 6.25.
    expect(out[0][0]).toBeCloseTo(0.5 * (15.25 + 6.25), 12);
    expect(Array.from(out[1])).toEqual([1, -2, 0.5, 0, 3, -1]);
    expect(Array.from(out[2])).toEqual([0, 0]);
    expect(Array.from(out[3])).toEqual([-1.5, 2]);
  });

  it("refuses an empty list of blocks", () => {
    const bad = structuredClone(doc);
    bad.nodes[3].params.params = [];
    expect(analyze(bad).problems.map((p) => p.message)).toEqual([expect.stringMatching(/list the blocks/)]);
  });
});

describe("params checked by the shape rule", () => {
  const shapeOf = (type: string, raw: Record<string, unknown>) => {
    const def = blocks[type];
    return () => def.shape({ params: resolveParams(def, raw).params, inputs: {} });
  };
  it("Constant takes its shape from the value and refuses a ragged list", () => {
    expect(
      shapeOf("Constant", {
        value: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      })(),
    ).toEqual({ out: [2, 3] });
    expect(shapeOf("Constant", { value: 3 })()).toEqual({ out: [] });
    expect(shapeOf("Constant", { value: [[1, 2], [3]] })).toThrow(
      /ragged: value\[0\] has shape \[2\] but value\[1\] has \[1\]/,
    );
    expect(shapeOf("Constant", { value: [] })).toThrow(/empty/);
  });
  it("Parameter needs prod(shape) numbers for init values", () => {
    expect(shapeOf("Parameter", { shape: [2, 2], init: "values", value: [1, 2, 3] })).toThrow(
      /needs 4 numbers.*got 3/,
    );
    expect(shapeOf("Parameter", { shape: [], init: "values", value: [1] })()).toEqual({ out: [] });
  });
});
