import { reductionBlock } from "./lib/reductionBlock";

export const Sum = reductionBlock({
  type: "Sum",
  doc: "out = Σ x over dim (all dims when dim is []), as torch.sum(x, dim, keepdim)",
  reduce: (x, dims, keepdim) => x.sum(dims, keepdim),
});
