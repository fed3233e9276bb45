import { expect, it } from "vitest";
import { FULL_BUDGET, HEAVY_TIMEOUT_MS, loadPreset, trainPreset } from "./helpers";

// meta.target: ≥ 95 % test accuracy within 600 steps; CI trains 250 steps and checks ≥ 90 %.
const budget = FULL_BUDGET ? { steps: 600, accuracy: 0.95 } : { steps: 250, accuracy: 0.9 };

it(`mnist-cnn: test accuracy ≥ ${budget.accuracy * 100} % within ${budget.steps} steps`, {
  timeout: HEAVY_TIMEOUT_MS,
}, () => {
  expect(loadPreset("mnist-cnn").training?.steps).toBe(600);
  const s = trainPreset("mnist-cnn", budget.steps);
  expect(s.evaluate("test").metrics.accuracy).toBeGreaterThanOrEqual(budget.accuracy);
});
