import { expect, it } from "vitest";
import { analyze } from "../../src/compile/analyze";
import { FULL_BUDGET, HEAVY_TIMEOUT_MS, loadPreset, trainPreset } from "./helpers";

// meta.target: ≥ 94 % test accuracy within 1,000 steps; CI trains 300 steps and checks ≥ 90 %.
const budget = FULL_BUDGET ? { steps: 1000, accuracy: 0.94 } : { steps: 300, accuracy: 0.9 };

it("resnet-block: an Add sums the residual block's input and its output", () => {
  const doc = loadPreset("resnet-block");
  const a = analyze(doc);
  const skip = a.nodes.get("skip")!;
  expect(skip.def.type).toBe("Add");
  const from = (port: string) => skip.incoming[port]!.source.node;
  // skip.a is the block's input (what conv_a reads); skip.b is the end of the conv path from it.
  expect(a.nodes.get("conv_a")!.incoming.in!.source.node).toBe(from("a"));
  expect(from("b")).toBe("conv_b");
  expect(a.nodes.get(from("a"))!.shapes).toEqual(a.nodes.get("conv_b")!.shapes);
});

it(`resnet-block: test accuracy ≥ ${budget.accuracy * 100} % within ${budget.steps} steps`, {
  timeout: HEAVY_TIMEOUT_MS,
}, () => {
  expect(loadPreset("resnet-block").training?.steps).toBe(1000);
  const s = trainPreset("resnet-block", budget.steps);
  expect(s.evaluate("test").metrics.accuracy).toBeGreaterThanOrEqual(budget.accuracy);
});
