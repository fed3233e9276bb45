import { fmtSym, PortShapeError, type SymShape } from "../../src/graph/symbolic";

// Dim params as PyTorch takes them (negative counts from the end), checked against the
// shape on the wire so a bad dim is refused at the port rather than deep in the IR.

/** The axis `dim` names in `x`, in 0…rank−1; refuses one out of range. */
export function normDim(dim: number, x: SymShape, port = "in", name = "dim"): number {
  const r = x.length;
  const d = dim < 0 ? dim + r : dim;
  if (!Number.isInteger(dim) || d < 0 || d >= r) {
    throw new PortShapeError(
      port,
      `${name} ${dim} is out of range for input ${fmtSym(x)} (dims −${r}…${r - 1})`,
      `a tensor with dim ${dim}`,
      x,
    );
  }
  return d;
}

/** The axes a reduction over `dims` covers, sorted; an empty list means every axis (as torch.sum(x, dim=[])). */
export function reduceDims(dims: number[], x: SymShape, port = "in"): number[] {
  if (dims.length === 0) return x.map((_, i) => i);
  const axes = dims.map((d) => normDim(d, x, port));
  if (new Set(axes).size !== axes.length) {
    throw new PortShapeError(port, `dim [${dims.join(", ")}] names a dim twice for input ${fmtSym(x)}`);
  }
  return axes.sort((p, q) => p - q);
}

/** Shape after reducing `axes`: dropped, or kept as 1 with keepdim. */
export function reducedShape(x: SymShape, axes: number[], keepdim: boolean): SymShape {
  const out: SymShape = [];
  x.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}
