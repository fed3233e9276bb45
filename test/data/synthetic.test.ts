import { describe, expect, it } from "vitest";
import {
  circles,
  type Dataset,
  gaussians,
  linear,
  rosenbrock,
  SYNTHETIC_NAMES,
  sine,
  sineSequence,
  spiral,
  syntheticDatasets,
  tokens,
  xor,
} from "../../src/data/index.ts";
import { classCounts, datasetProblems, row } from "./helpers.ts";

describe("synthetic registry", () => {
  it.each(SYNTHETIC_NAMES)("%s: valid with default params, described, deterministic", (name) => {
    const entry = syntheticDatasets[name];
    const ds = entry.make();
    expect(datasetProblems(ds)).toEqual([]);
    expect(ds.name).toBe(name);
    expect(ds.task).toBe(entry.task);
    expect(entry.params.map((p) => p.name)).toEqual(
      expect.arrayContaining(["n_samples", "noise", "seed", "test_fraction"]),
    );
    for (const p of entry.params) expect(p.doc.length).toBeGreaterThan(0);
    const again = entry.make({ seed: 0 });
    expect(again.x).toEqual(ds.x);
    expect(again.y).toEqual(ds.y);
    expect(again.split).toEqual(ds.split);
    const other = entry.make({ seed: 1 });
    expect(other.x).not.toEqual(ds.x);
    expect(other.split.test).not.toEqual(ds.split.test);
  });

  it.each(SYNTHETIC_NAMES)("%s: honours n_samples and test_fraction", (name) => {
    const ds = syntheticDatasets[name].make({ n_samples: 101, test_fraction: 0.3 });
    expect(ds.n).toBe(101);
    expect(datasetProblems(ds)).toEqual([]);
    expect(Math.abs(ds.split.test.length - 30)).toBeLessThanOrEqual(2);
    const none = syntheticDatasets[name].make({ test_fraction: 0 });
    expect(none.split.test.length).toBe(0);
  });

  it("rejects unknown and out-of-range parameters with a clear message", () => {
    expect(() => spiral({ n_sample: 10 } as never)).toThrow(
      /spiral.*unknown parameter "n_sample".*n_samples/,
    );
    expect(() => spiral({ n_samples: 3.5 })).toThrow(
      /n_samples must be an integer in \[4, 100000\], got 3.5/,
    );
    expect(() => circles({ noise: -1 })).toThrow(/noise must be a number/);
    expect(() => xor({ test_fraction: Number.NaN })).toThrow(/test_fraction.*got NaN/);
    expect(() => tokens({ vocab_size: 10, num_groups: 4 })).toThrow(
      /num_groups \(4\) must divide vocab_size \(10\)/,
    );
  });
});

function within(ds: Dataset, lo: number, hi: number): boolean {
  return ds.x.every((v) => v >= lo && v <= hi);
}

describe("2-D classification sets", () => {
  it.each([
    ["spiral", spiral],
    ["circles", circles],
    ["xor", xor],
    ["gaussians", gaussians],
  ] as const)("%s: balanced, interleaved, in about [-6, 6]^2", (_name, make) => {
    const ds = make({ n_samples: 400 });
    expect(ds.xShape).toEqual([2]);
    expect(ds.numClasses).toBe(2);
    expect(classCounts(ds)).toEqual([200, 200]);
    // Stratified split keeps the balance in both halves.
    expect(classCounts(ds, ds.split.test)).toEqual([40, 40]);
    expect([ds.y[0], ds.y[1], ds.y[2]]).toEqual([0, 1, 0]);
    expect(within(ds, -7, 7)).toBe(true);
  });

  it("noise = 0 gives the clean shapes", () => {
    const c = circles({ noise: 0 });
    for (let i = 0; i < c.n; i++) {
      const [a, b] = row(c, i);
      const r = Math.hypot(a, b);
      if (c.y[i] === 0) expect(r).toBeLessThanOrEqual(2 + 1e-5);
      else expect(r >= 3.5 - 1e-5 && r <= 5 + 1e-5).toBe(true);
    }
    const x = xor({ noise: 0 });
    for (let i = 0; i < x.n; i++) {
      const [a, b] = row(x, i);
      expect(a * b > 0 ? 1 : 0).toBe(x.y[i]);
      expect(Math.min(Math.abs(a), Math.abs(b))).toBeGreaterThanOrEqual(0.3 - 1e-6);
    }
    const s = spiral({ noise: 0 });
    for (let i = 0; i < s.n; i++) expect(Math.hypot(...row(s, i))).toBeLessThanOrEqual(5 + 1e-5);
  });

  it("noise scales the jitter", () => {
    const spread = (ds: Dataset) => {
      let s = 0;
      for (let i = 0; i < ds.n; i++) s += ds.x[2 * i] * ds.x[2 * i] + ds.x[2 * i + 1] * ds.x[2 * i + 1];
      return s / ds.n;
    };
    expect(spread(gaussians({ noise: 2 }))).toBeGreaterThan(spread(gaussians({ noise: 0.5 })) + 4);
  });
});

describe("regression sets", () => {
  it("sine: x in [-pi, pi], y = sin(x) without noise", () => {
    const ds = sine({ noise: 0 });
    expect(ds.xShape).toEqual([1]);
    expect(ds.yShape).toEqual([1]);
    expect(within(ds, -Math.PI, Math.PI)).toBe(true);
    for (let i = 0; i < ds.n; i++) expect(ds.y[i]).toBeCloseTo(Math.sin(ds.x[i]), 5);
  });

  it("linear: x in [-1, 1], y = 2x + 1 without noise", () => {
    const ds = linear({ noise: 0 });
    expect(within(ds, -1, 1)).toBe(true);
    for (let i = 0; i < ds.n; i++) expect(ds.y[i]).toBeCloseTo(2 * ds.x[i] + 1, 5);
  });

  it("sine_sequence: xShape [T, 1], y continues the window", () => {
    const ds = sineSequence({ noise: 0, seq_len: 12 });
    expect(ds.xShape).toEqual([12, 1]);
    expect(ds.yShape).toEqual([1]);
    expect(ds.x.length).toBe(ds.n * 12);
    expect(within(ds, -1, 1)).toBe(true);
    for (let i = 0; i < ds.n; i++) {
      const w = row(ds, i);
      expect(ds.y[i]).toBeCloseTo(2 * Math.cos(0.3) * w[11] - w[10], 4);
    }
    expect(sineSequence().xShape).toEqual([20, 1]);
  });

  it("rosenbrock has its minimum 0 at (a, a^2)", () => {
    expect(rosenbrock(1, 1)).toBe(0);
    expect(rosenbrock(2, 4, 2)).toBe(0);
    expect(rosenbrock(0, 0)).toBe(1);
    expect(rosenbrock(-1, 1, 1, 100)).toBe(4);
  });
});

describe("tokens", () => {
  it("class = group of the first token; ids are integers in the vocabulary", () => {
    const ds = tokens();
    expect(ds.xShape).toEqual([8]);
    expect(ds.numClasses).toBe(4);
    expect(classCounts(ds)).toEqual([250, 250, 250, 250]);
    for (let i = 0; i < ds.n; i++) {
      const seq = row(ds, i);
      for (const t of seq) expect(Number.isInteger(t) && t >= 0 && t < 16).toBe(true);
      expect(Math.floor(seq[0] / 4)).toBe(ds.y[i]);
    }
    const other = tokens({ vocab_size: 30, num_groups: 3, seq_len: 5 });
    expect(other.xShape).toEqual([5]);
    expect(other.classNames).toEqual(["tokens 0-9", "tokens 10-19", "tokens 20-29"]);
  });

  it("noise is label noise", () => {
    const ds = tokens({ noise: 0.4, n_samples: 4000 });
    let wrong = 0;
    for (let i = 0; i < ds.n; i++) if (Math.floor(ds.x[i * 8] / 4) !== ds.y[i]) wrong++;
    // 40 % relabelled at random, 3 in 4 of those to another class.
    expect(wrong / ds.n).toBeGreaterThan(0.25);
    expect(wrong / ds.n).toBeLessThan(0.35);
  });
});
