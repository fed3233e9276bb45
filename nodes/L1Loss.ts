import { pointwiseLoss } from "./lib/pointwiseLoss";

export const L1Loss = pointwiseLoss({
  type: "L1Loss",
  doc: "loss = mean(|input − target|)",
  penalty: (d) => d.abs(),
});
