import { expect, it } from "vitest";
import { loadPreset, trainDoc } from "./helpers";

const STEPS = 30;

it(`transfer-learning beats transfer-from-scratch after ${STEPS} steps on digits 5–9`, {
  timeout: 300_000,
}, () => {
  const pretrained = loadPreset("transfer-learning");
  expect(pretrained.training?.steps).toBe(STEPS);
  expect(loadPreset("transfer-from-scratch").training?.steps).toBe(STEPS);

  const transfer = trainDoc(pretrained, STEPS);
  // The frozen feature extractor kept the shipped weights; only the head learned.
  const shipped = pretrained.nodes.find((n) => n.id === "conv1")!.weights!.weight;
  expect(Array.from(transfer.variables.get("conv1.weight")!)).toEqual(
    "data" in shipped ? shipped.data.map(Math.fround) : [],
  );
  expect(transfer.program.optimizers[0].variables).toEqual(["head.weight", "head.bias"]);
  const scratch = trainDoc(loadPreset("transfer-from-scratch"), STEPS);

  const acc = {
    transfer: transfer.evaluate("test").metrics.accuracy,
    scratch: scratch.evaluate("test").metrics.accuracy,
  };
  expect(acc.transfer).toBeGreaterThanOrEqual(0.88);
  expect(acc.transfer - acc.scratch).toBeGreaterThanOrEqual(0.05);
});
