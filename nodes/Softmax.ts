import { normaliseBlock } from "./lib/normaliseBlock";

export const Softmax = normaliseBlock({
  type: "Softmax",
  doc: "Softmax(x)ᵢ = exp(xᵢ) / Σⱼ exp(xⱼ) along dim",
  dimDoc: "dim the probabilities sum to 1 over",
  apply: (x, dim) => x.softmax(dim),
});
