import { describe, expect, it } from "vitest";
import { circles, gaussians, linear, sine, sineSequence, spiral, xor } from "../../src/data/index.ts";
import { knnAccuracy, leastSquares, row } from "./helpers.ts";

// Cheap stand-ins for "a small model can learn this": if kNN or a linear fit cannot,
// a student's MLP will not either, and the preset would look broken.
describe("synthetic sets are learnable", () => {
  it.each([
    ["spiral", spiral],
    ["circles", circles],
    ["xor", xor],
  ] as const)("%s: 5-NN test accuracy > 90 %%", (_name, make) => {
    expect(knnAccuracy(make())).toBeGreaterThan(0.9);
  });

  it("spiral and xor are not linearly separable (why they exist)", () => {
    for (const ds of [spiral(), xor(), circles()]) {
      const idx = [...ds.split.train];
      const w = leastSquares(
        idx.map((i) => [...row(ds, i)]),
        idx.map((i) => ds.y[i] * 2 - 1),
      );
      let correct = 0;
      for (const i of ds.split.test) {
        const [a, b] = row(ds, i);
        if ((w[0] * a + w[1] * b + w[2] > 0 ? 1 : 0) === ds.y[i]) correct++;
      }
      expect(correct / ds.split.test.length).toBeLessThan(0.75);
    }
  });

  it("gaussians: logistic regression by gradient descent > 90 % on test", () => {
    const ds = gaussians();
    let w0 = 0;
    let w1 = 0;
    let b = 0;
    for (let epoch = 0; epoch < 200; epoch++) {
      let g0 = 0;
      let g1 = 0;
      let gb = 0;
      for (const i of ds.split.train) {
        const [a, c] = row(ds, i);
        const p = 1 / (1 + Math.exp(-(w0 * a + w1 * c + b)));
        const e = p - ds.y[i];
        g0 += e * a;
        g1 += e * c;
        gb += e;
      }
      const m = ds.split.train.length;
      w0 -= (0.1 * g0) / m;
      w1 -= (0.1 * g1) / m;
      b -= (0.1 * gb) / m;
    }
    let correct = 0;
    for (const i of ds.split.test) {
      const [a, c] = row(ds, i);
      if ((w0 * a + w1 * c + b > 0 ? 1 : 0) === ds.y[i]) correct++;
    }
    expect(correct / ds.split.test.length).toBeGreaterThan(0.9);
  });

  it("linear: least squares recovers w = 2, b = 1", () => {
    const ds = linear();
    const [w, b] = leastSquares(
      [...ds.split.train].map((i) => [ds.x[i]]),
      [...ds.split.train].map((i) => ds.y[i]),
    );
    expect(w).toBeCloseTo(2, 1);
    expect(b).toBeCloseTo(1, 1);
  });

  it("sine: a degree-7 polynomial fit reaches the noise floor on test", () => {
    const ds = sine();
    const feats = (v: number) => [1, 2, 3, 4, 5, 6, 7].map((k) => v ** k);
    const coef = leastSquares(
      [...ds.split.train].map((i) => feats(ds.x[i])),
      [...ds.split.train].map((i) => ds.y[i]),
    );
    let mse = 0;
    for (const i of ds.split.test) {
      const f = feats(ds.x[i]);
      const pred = f.reduce((s, v, k) => s + v * coef[k], coef[f.length]);
      mse += (pred - ds.y[i]) ** 2;
    }
    mse /= ds.split.test.length;
    expect(mse).toBeLessThan(0.02); // noise 0.1 -> floor 0.01
  });

  it("sine_sequence: a linear model on the last two steps predicts the next value", () => {
    const ds = sineSequence();
    const T = ds.xShape[0];
    const last2 = (i: number) => [ds.x[i * T + T - 2], ds.x[i * T + T - 1]];
    const coef = leastSquares(
      [...ds.split.train].map(last2),
      [...ds.split.train].map((i) => ds.y[i]),
    );
    let mse = 0;
    for (const i of ds.split.test) {
      const [a, b] = last2(i);
      mse += (coef[0] * a + coef[1] * b + coef[2] - ds.y[i]) ** 2;
    }
    expect(mse / ds.split.test.length).toBeLessThan(0.03);
  });
});
