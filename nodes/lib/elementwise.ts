import { broadcastSym, PortShapeError, requireRank, type SymShape } from "../../src/graph/symbolic";

// Shape rules shared by the elementwise blocks: unary ones keep the shape, binary ones
// broadcast as torch does. Scalars (shape []) are welcome: the autodiff lecture wires them.

/** Any connected tensor, rank 0 to 6; returns its shape. */
export function anyTensor(inputs: Record<string, SymShape | undefined>, port = "in"): SymShape {
  return requireRank(inputs, port, [0, 1, 2, 3, 4, 5, 6], "a tensor");
}

/** Two connected ports whose shapes broadcast; the second is blamed when they do not. */
export function broadcastPorts(inputs: Record<string, SymShape | undefined>, a = "a", b = "b"): SymShape {
  if (!inputs[a]) throw new PortShapeError(a, `input "${a}" is not connected`);
  if (!inputs[b]) throw new PortShapeError(b, `input "${b}" is not connected`);
  return broadcastSym(inputs[a], inputs[b], b);
}
