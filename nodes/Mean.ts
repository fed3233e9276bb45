import { reductionBlock } from "./lib/reductionBlock";

export const Mean = reductionBlock({
  type: "Mean",
  doc: "out = mean of x over dim (all dims when dim is []), as torch.mean(x, dim, keepdim)",
  reduce: (x, dims, keepdim) => x.mean(dims, keepdim),
});
