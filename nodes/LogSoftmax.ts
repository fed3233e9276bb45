import { normaliseBlock } from "./lib/normaliseBlock";

export const LogSoftmax = normaliseBlock({
  type: "LogSoftmax",
  doc: "LogSoftmax(x)ᵢ = xᵢ − log Σⱼ exp(xⱼ) along dim",
  dimDoc: "dim to normalise over",
  apply: (x, dim) => x.logSoftmax(dim),
});
