import { poolBlock } from "./lib/poolBlock";

export const AvgPool2d = poolBlock({
  type: "AvgPool2d",
  doc: "y[n,c,i,j] = mean of x[n,c] over the kernel window (zero padding counts, count_include_pad=True)",
  paddingDoc: "zero padding on each side, at most half the kernel",
  // PyTorch's count_include_pad=True divides by kh·kw even where the window covers padding.
  reduce: (x, w) => x.unfold(w, 0).mean([2, 3]),
});
