import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeCpu } from "../../src/backends/cpu/executor";
import { buildGradProgram } from "../../src/compile/program";
import { type TraceEnv, TraceLimitError, traceGraph } from "../../src/compile/trace";
import { checkGradients, type GradientCheck } from "../../src/compile/trace/gradientCheck";
import { makeDataset } from "../../src/data";
import type { GraphDoc } from "../../src/graph/doc";
import { parseGraphDoc } from "../../src/graph/load";
import { prepareGradPass, type TensorValue } from "../../src/train/gradPass";
import { traceEnvOf } from "../../src/ui/stepthrough/traceEnv";
import { doc, e, n } from "../helpers/docs";

function preset(name: string): GraphDoc {
  const path = join(import.meta.dirname, "../../presets", `${name}.json`);
  const r = parseGraphDoc(readFileSync(path, "utf8"), path);
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.problems)}`);
  return r.doc;
}

/** The values a grad pass would run on: embedded or seeded weights, given Inputs, the first batch. */
function envOf(d: GraphDoc, inputs?: Record<string, TensorValue>): TraceEnv {
  const prep = prepareGradPass(d, { inputs, loadDataset: (name, args) => makeDataset(name, args) });
  return {
    feeds: prep.feeds,
    variables: Object.fromEntries(prep.variables),
    seed: prep.seed,
    batch: prep.batch,
  };
}

describe("step-through trace on f(x, y) = sin(x)·y + x² (presets/autodiff-scalar.json)", () => {
  const d = preset("autodiff-scalar");
  const xNode = d.nodes.find((k) => k.id === "x")!;
  const yNode = d.nodes.find((k) => k.id === "y")!;
  const x = (xNode.params.value as number[])[0];
  const y = (yNode.params.value as number[])[0];
  const t = traceGraph(d, envOf(d));

  it("walks the forward pass with the values of direct evaluation", () => {
    const byLabel = new Map(t.forward.map((s) => [s.label, s.value.data[0]]));
    expect(byLabel.get("x")).toBe(x);
    expect(byLabel.get("y")).toBe(y);
    expect(byLabel.get("sin")).toBeCloseTo(Math.sin(x), 14);
    expect(byLabel.get("mul")).toBeCloseTo(Math.sin(x) * y, 14);
    expect(byLabel.get("sq")).toBeCloseTo(x * x, 14);
    expect(byLabel.get("f")).toBeCloseTo(Math.sin(x) * y + x * x, 14);
    expect(t.objective.label).toBe("f");
    // Program order: every operand is computed before the step that reads it.
    const seen = new Set<number>();
    for (const s of t.forward) {
      for (const i of s.inputs)
        if (i.id >= 0 && t.program[i.id].prim !== "const") expect(seen.has(i.id)).toBe(true);
      seen.add(s.id);
    }
    const sin = t.forward.find((s) => s.label === "sin")!;
    expect(sin.expr).toBe("sin(x)");
    expect(sin.block).toEqual({ node: "sin", type: "Sin", port: "out" });
  });

  it("ends the backward pass with df/dx = cos(x)·y + 2x and df/dy = sin(x)", () => {
    const lastFor = (leaf: string) =>
      [...t.backward]
        .reverse()
        .flatMap((s) => s.contributions)
        .find((c) => c.input.label === leaf)!;
    expect(lastFor("x").total.value.data[0]).toBeCloseTo(Math.cos(x) * y + 2 * x, 12);
    expect(lastFor("y").total.value.data[0]).toBeCloseTo(Math.sin(x), 12);
    const leaf = new Map(t.leaves.map((l) => [l.label, l.grad.value.data[0]]));
    expect(leaf.get("x")).toBeCloseTo(Math.cos(x) * y + 2 * x, 12);
    expect(leaf.get("y")).toBeCloseTo(Math.sin(x), 12);
    expect(t.leaves.find((l) => l.label === "x")!.grad.label).toBe("∂f/∂x");
  });

  it("walks the backward pass in reverse program order, and adjoint × local derivative = the contribution", () => {
    const ids = t.backward.map((s) => s.forwardId);
    expect(ids).toEqual([...ids].sort((p, q) => q - p));
    expect(t.backward[0].adjoint.value.data[0]).toBe(1);
    for (const s of t.backward) {
      for (const c of s.contributions) {
        expect(c.local.value).toBeDefined();
        expect(c.grad.value.data[0]).toBeCloseTo(s.adjoint.value.data[0] * c.local.value!, 12);
      }
    }
    const sin = t.backward.find((s) => s.prim === "sin")!;
    expect(sin.contributions[0].local.formula).toBe(
      `∂sin(x)/∂x = cos(x) = ${Number(Math.cos(x).toFixed(4))}`,
    );
    // x feeds both sin and x·x: its gradient is summed (fan-out), so some step accumulates.
    expect(t.backward.some((s) => s.contributions.some((c) => c.input.label === "x" && c.accumulates))).toBe(
      true,
    );
  });
});

describe("step-through trace on a Linear + MSE graph", () => {
  const d = doc(
    [
      n("x", "Input", { shape: [3] }),
      n("target", "Input", { shape: [2] }),
      n("fc", "Linear", { out_features: 2 }),
      n("loss", "MSELoss"),
    ],
    [e("x.out", "fc.in"), e("fc.out", "loss.input"), e("target.out", "loss.target")],
  );
  const inputs = {
    x: { shape: [4, 3], data: Float32Array.from([0.5, -1, 2, 1.5, 0.25, -0.75, -2, 1, 0.5, 0, 0.3, -0.4]) },
    target: { shape: [4, 2], data: Float32Array.from([1, 0, -1, 2, 0.5, 0.5, 0, -1]) },
  };
  const env = envOf(d, inputs);
  const t = traceGraph(d, env);

  it("gives every parameter the gradient buildGradProgram computes", () => {
    const p = buildGradProgram(d, env.batch);
    const names = [...p.grads.keys()];
    const vals = executeCpu(
      p.nodes,
      names.map((k) => p.grads.get(k)!),
      { dtype: "f64", feeds: env.feeds, variables: env.variables, seed: env.seed, step: 0 },
    );
    expect([...names].sort()).toEqual(
      t.leaves
        .filter((l) => l.kind === "parameter")
        .map((l) => l.name)
        .sort(),
    );
    names.forEach((name, i) => {
      const leaf = t.leaves.find((l) => l.name === name)!;
      expect(leaf.grad.value.size).toBe(vals[i].length);
      const full = Array.from(vals[i]);
      // Small tensors are shown in full; compare every element.
      expect(leaf.grad.value.data).toHaveLength(full.length);
      leaf.grad.value.data.forEach((v, k) => {
        expect(v).toBeCloseTo(full[k], 12);
      });
    });
    expect(t.objective.label).toBe("loss");
    // Inputs are leaves too.
    expect(t.leaves.find((l) => l.name === "x")!.grad.value.shape).toEqual([4, 3]);
  });

  it("expands one block into its primitives", () => {
    const f = traceGraph(d, env, { focus: "fc" });
    expect(f.forward.length).toBeGreaterThan(0);
    expect(f.forward.every((s) => s.block?.node === "fc")).toBe(true);
    expect(f.forward.some((s) => s.prim === "matmul")).toBe(true);
    expect(f.backward.every((s) => s.block?.node === "fc")).toBe(true);
    expect(f.leaves.map((l) => l.name).sort()).toEqual(["fc.bias", "fc.weight"]);
  });

  it("refuses a graph over the size limit with a message that says what to do", () => {
    expect(() => traceGraph(d, env, { limit: 3 })).toThrow(TraceLimitError);
    expect(() => traceGraph(d, env, { limit: 3 })).toThrow(/at most 3.*Expand into primitives/);
    expect(() => traceGraph(d, env, { focus: "nope" })).toThrow(/no block "nope"/);
  });
});

function runCheck(p: ReturnType<typeof buildGradProgram>, env: TraceEnv): GradientCheck {
  const it = checkGradients(p, env);
  let r = it.next();
  let steps = 0;
  while (!r.done) {
    steps++;
    r = it.next();
  }
  expect(steps).toBeGreaterThan(0);
  return r.value;
}

describe("check gradients (central differences, float64)", () => {
  it("passes every parameter of the spiral MLP", () => {
    const d = preset("spiral-mlp");
    const env = envOf(d);
    const r = runCheck(buildGradProgram(d, env.batch), env);
    expect(r.params.map((p) => p.name).sort()).toEqual(
      ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "out.bias", "out.weight"].sort(),
    );
    for (const p of r.params) {
      expect(p.ok, `${p.name}: max abs err ${p.maxAbsErr}`).toBe(true);
      expect(p.maxAbsErr).toBeLessThan(r.tolerance.atol);
    }
    expect(r.tolerance.why).toMatch(/central differences/);
  });

  it("fails a parameter whose gradient is wrong", () => {
    const d = preset("autodiff-scalar");
    const env = envOf(d);
    const p = buildGradProgram(d, env.batch);
    // Swap the two gradients: df/dx is reported as df/dy's value and the other way round.
    const gx = p.grads.get("x.value")!;
    p.grads.set("x.value", p.grads.get("y.value")!);
    p.grads.set("y.value", gx);
    const r = runCheck(p, env);
    expect(r.params.every((q) => !q.ok)).toBe(true);
    const x = r.params.find((q) => q.name === "x.value")!;
    expect(x.worst.numeric).toBeCloseTo(Math.cos(1) * 2 + 2, 6);
  });
});

describe("step-through on MNIST presets without MNIST loaded", () => {
  it("runs on seeded stand-in digits that respect the preset's label subset, and says so", () => {
    for (const name of ["mnist-mlp", "transfer-learning"]) {
      const d = preset(name);
      const { env, note } = traceEnvOf(d);
      expect(note).toMatch(/stand-in/);
      const t = traceGraph(d, env);
      expect(t.backward.length).toBeGreaterThan(0);
      for (const l of t.leaves) {
        expect(
          l.grad.value.summary ? Number.isFinite(l.grad.value.summary.norm) : true,
          `${name} ${l.name}`,
        ).toBe(true);
      }
    }
  });
});
