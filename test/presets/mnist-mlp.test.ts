import { expect, it } from "vitest";
import { trainPreset } from "./helpers";

it("mnist-mlp: test accuracy ≥ 90 % within 400 steps", { timeout: 300_000 }, () => {
  const s = trainPreset("mnist-mlp", 400);
  expect(s.evaluate("test").metrics.accuracy).toBeGreaterThanOrEqual(0.9);
});
