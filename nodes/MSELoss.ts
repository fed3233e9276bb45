import { pointwiseLoss } from "./lib/pointwiseLoss";

export const MSELoss = pointwiseLoss({
  type: "MSELoss",
  doc: "loss = mean((input − target)²)",
  penalty: (d) => d.square(),
});
