import { poolBlock } from "./lib/poolBlock";

export const MaxPool2d = poolBlock({
  type: "MaxPool2d",
  doc: "y[n,c,i,j] = max over the kernel window of x[n,c] (padding reads −∞)",
  paddingDoc: "−∞ padding on each side, at most half the kernel",
  // −∞ padding never wins the max, since every window holds at least one real pixel.
  reduce: (x, w) => x.unfold(w, -Infinity).reduceMax([2, 3]),
  firstNote: "random normals: no ties within a window",
});
