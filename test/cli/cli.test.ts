import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The CLI as a user runs it: a real process through bin/wiregrad.mjs.
const BIN = join(__dirname, "../../bin/wiregrad.mjs");
const tmp = mkdtempSync(join(tmpdir(), "wiregrad-cli-"));

function wiregrad(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: unknown): string {
  const p = join(tmp, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

const mlp = {
  format: "wiregrad-graph",
  version: 1,
  meta: {},
  nodes: [
    { id: "x", type: "Input", params: { shape: [2] }, position: { x: 0, y: 0 } },
    {
      id: "fc",
      type: "Linear",
      params: { out_features: 1 },
      position: { x: 1, y: 0 },
      weights: { weight: { shape: [1, 2], data: [0.5, -1] }, bias: { shape: [1], data: [0.25] } },
    },
    { id: "r", type: "ReLU", params: {}, position: { x: 2, y: 0 } },
    { id: "s", type: "Sum", params: {}, position: { x: 3, y: 0 } },
  ],
  edges: [
    { id: "e1", source: { node: "x", port: "out" }, target: { node: "fc", port: "in" } },
    { id: "e2", source: { node: "fc", port: "out" }, target: { node: "r", port: "in" } },
    { id: "e3", source: { node: "r", port: "out" }, target: { node: "s", port: "in" } },
  ],
};

describe("wiregrad validate", () => {
  it("exits 0 on a valid graph", () => {
    const r = wiregrad("validate", file("ok.json", mlp));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok/);
  });
  it("exits 1 with one line per problem, nodeId[.port]: message", () => {
    const bad = structuredClone(mlp);
    bad.nodes[1].params = { out_features: 0 } as never;
    bad.edges.push({ id: "e4", source: { node: "x", port: "out" }, target: { node: "s", port: "nope" } });
    const r = wiregrad("validate", file("bad.json", bad));
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toContain("fc.out_features: out_features: must be ≥ 1, got 0");
    expect(lines.some((l) => l.startsWith('s.nope: Sum has no input "nope"'))).toBe(true);
  });
  it("--json reports validity and problems", () => {
    const r = wiregrad("validate", file("ok2.json", mlp), "--json");
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, problems: [] });
  });
  it("names the path and field of a malformed file, without a stack trace", () => {
    const broken = structuredClone(mlp) as Record<string, unknown>;
    (broken.nodes as Record<string, unknown>[])[1].position = { x: "left" };
    const r = wiregrad("validate", file("malformed.json", broken));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/malformed\.json/);
    expect(r.stdout).toMatch(/position/);
    expect(r.stdout + r.stderr).not.toMatch(/at .*\.ts:\d+/);
    const syntax = wiregrad("grad", file("syntax.json", '{ "format": "wiregrad-graph",\n  "nodes": [,] }'));
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/syntax\.json.*line 2, column/);
    expect(syntax.stderr).not.toMatch(/at .*\.ts:\d+/);
    const missing = wiregrad("train", join(tmp, "nope.json"), "--steps", "3");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.json: cannot read file \(ENOENT\)/);
  });
});

describe("wiregrad shapes", () => {
  it("prints every output port's shape with the batch as B", () => {
    const r = wiregrad("shapes", file("shapes.json", mlp), "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      x: { out: ["B", 2] },
      fc: { out: ["B", 1] },
      r: { out: ["B", 1] },
      s: { out: [] },
    });
  });
});

describe("wiregrad grad", () => {
  it("runs forward and backward on given inputs with the embedded weights", () => {
    const inputs = file("in.json", {
      x: [
        [1, 2],
        [3, -1],
        [-2, 0],
      ],
    });
    const r = wiregrad("grad", file("g.json", mlp), "--inputs", inputs, "--json");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // fc = 0.5·x0 − x1 + 0.25 → [-1.25, 2.75, -0.75]; relu → [0, 2.75, 0]; sum = 2.75
    expect(out.loss).toBeCloseTo(2.75, 6);
    expect(out.outputs.fc.map((row: number[]) => row[0])).toEqual([-1.25, 2.75, -0.75]);
    expect(out.outputs.s).toBeCloseTo(2.75, 6);
    // Only the second row is active: dW = x₁ = [3, −1], db = 1.
    expect(out.grads.fc.weight).toEqual([[3, -1]]);
    expect(out.grads.fc.bias).toEqual([1]);
  });
  it("says which Input is missing or mis-shaped", () => {
    const r1 = wiregrad("grad", file("g2.json", mlp), "--json");
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/x: needs a value: pass it with --inputs/);
    const r2 = wiregrad("grad", file("g3.json", mlp), "--inputs", file("in3.json", { x: [[1, 2, 3]] }));
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/x: input value has shape \[1, 3\], expected \[1, 2\]/);
  });
  it("differentiates a graph with no loss block through its scalar sink", () => {
    const r = wiregrad("grad", join(__dirname, "../../presets/autodiff-scalar.json"), "--json");
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.loss).toBeCloseTo(Math.sin(1) * 2 + 1, 5);
    expect(out.grads.x.value).toBeCloseTo(Math.cos(1) * 2 + 2, 5);
    expect(out.grads.y.value).toBeCloseTo(Math.sin(1), 5);
  });
});

describe("wiregrad train", () => {
  it("logs JSON lines and writes the trained GraphDoc, which loads back with the same predictions", () => {
    const outPath = join(tmp, "trained.json");
    const r = wiregrad(
      "train",
      join(__dirname, "../../presets/linear-regression.json"),
      "--steps",
      "200",
      "--log-every",
      "20",
      "--json",
      "--out",
      outPath,
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.at(-1).step).toBe(200);
    expect(lines.at(-1).loss).toBeLessThan(lines[0].loss);
    expect(lines.at(-1).test_loss).toBeLessThan(0.05);
    const v = wiregrad("validate", outPath);
    expect(v.code).toBe(0);
    const trained = JSON.parse(readFileSync(outPath, "utf8"));
    const fc = trained.nodes.find((x: { id: string }) => x.id === "fc");
    expect(fc.weights.weight.data[0]).toBeCloseTo(2, 1);
    expect(fc.weights.bias.data[0]).toBeCloseTo(1, 1);
    expect(trained.training.metrics.test_loss).toBeLessThan(0.05);
    // The exported model predicts with exactly its embedded weights.
    const [w, b] = [fc.weights.weight.data[0], fc.weights.bias.data[0]];
    const pred = wiregrad("grad", outPath, "--json");
    expect(pred.code, pred.stderr).toBe(0);
    const again = JSON.parse(pred.stdout);
    const xs: number[][] = again.outputs["data.x"];
    const ys: number[][] = again.outputs.fc;
    xs.forEach((x, i) => {
      expect(ys[i][0]).toBeCloseTo(Math.fround(w * x[0]) + b, 5);
    });
  });
  it("refuses a graph with nothing to train", () => {
    const r = wiregrad("train", join(__dirname, "../../presets/autodiff-scalar.json"), "--steps", "5");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no optimiser/);
  });
});

describe("wiregrad export --format onnx", () => {
  it("writes a model onnxruntime loads, with the inference graph's input and output", async () => {
    const out = join(tmp, "xor.onnx");
    const r = wiregrad(
      "export",
      join(__dirname, "../../presets/xor-mlp.json"),
      "--format",
      "onnx",
      "--out",
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/note: opt: left out/);
    // @ts-expect-error onnxruntime-node 1.17 names type declarations it does not ship
    const ort = await import("onnxruntime-node");
    const session = await ort.InferenceSession.create(readFileSync(out));
    expect(session.inputNames).toEqual(["data.x"]);
    const res = await session.run({
      "data.x": new ort.Tensor("float32", Float32Array.from([1, 1, -1, 1]), [2, 2]),
    });
    const logits = res[session.outputNames[0]];
    expect(logits.dims).toEqual([2, 2]);
  });
});
