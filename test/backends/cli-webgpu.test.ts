import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { requireGpu } from "./gpu";

// `wiregrad train|grad --backend webgpu` as a user runs it: a real process, against the same
// command on the CPU.

const BIN = join(__dirname, "../../bin/wiregrad.mjs");
const PRESETS = join(__dirname, "../../presets");
const tmp = mkdtempSync(join(tmpdir(), "wiregrad-webgpu-cli-"));

function wiregrad(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Per test, not per file: with no adapter every test must fail (a failing beforeAll reports them skipped).
beforeEach(async () => {
  await requireGpu(); // fails with what to install when there is no adapter
});

describe("wiregrad --backend webgpu", () => {
  it("train logs the CPU's loss curve and writes the trained GraphDoc", () => {
    const args = ["train", join(PRESETS, "xor-mlp.json"), "--steps", "100", "--log-every", "10", "--json"];
    const outPath = join(tmp, "trained.json");
    const gpu = wiregrad(...args, "--backend", "webgpu", "--out", outPath);
    const cpu = wiregrad(...args);
    expect(gpu.code, gpu.stderr).toBe(0);
    const lines = (s: string) =>
      s
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
    const [g, c] = [lines(gpu.stdout), lines(cpu.stdout)];
    expect(g.map((l) => l.step)).toEqual(c.map((l) => l.step));
    // Same tolerance as the training parity test (train-parity.test.ts).
    g.forEach((l, k) => {
      expect(Math.abs(l.loss - c[k].loss) / c[k].loss).toBeLessThan(2e-5);
    });
    expect(g.at(-1).test_accuracy).toBe(c.at(-1).test_accuracy);
    const trained = JSON.parse(readFileSync(outPath, "utf8"));
    const fc1 = trained.nodes.find((n: { id: string }) => n.id === "fc1");
    expect(fc1.weights.weight.shape).toEqual([8, 2]);
    expect(trained.training.metrics.test_loss).toBeCloseTo(c.at(-1).test_loss, 4);
  });

  it("grad gives the CPU's loss and gradients", () => {
    const file = join(PRESETS, "autodiff-scalar.json");
    const gpu = wiregrad("grad", file, "--json", "--backend", "webgpu");
    const cpu = wiregrad("grad", file, "--json");
    expect(gpu.code, gpu.stderr).toBe(0);
    const [g, c] = [JSON.parse(gpu.stdout), JSON.parse(cpu.stdout)];
    // sin is the one rounded function here: ≤ 3 ulp apart (primCases TRANSCENDENTAL).
    expect(g.loss).toBeCloseTo(c.loss, 6);
    expect(g.grads.x.value).toBeCloseTo(c.grads.x.value, 6);
    expect(g.grads.y.value).toBeCloseTo(c.grads.y.value, 6);
  });

  it("refuses an unknown backend", () => {
    const r = wiregrad("train", join(PRESETS, "xor-mlp.json"), "--backend", "tpu");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/expected cpu or webgpu/);
  });
});
