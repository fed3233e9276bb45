import { PortShapeError, requireRank, type SymShape } from "../../src/graph/symbolic";
import type { BadWiring, ParamSpec, PortSpec } from "../types";

// What every optimiser block shares with SGD: one scalar loss in, no outputs, and the
// list of blocks whose parameters it updates.

export const lossInput: PortSpec[] = [{ name: "loss", doc: "the scalar to minimise" }];

export const paramsParam: ParamSpec = {
  name: "params",
  kind: "nodes",
  default: [],
  doc: "blocks whose parameters it updates (empty: all upstream of the loss)",
};

/** The loss must be a scalar ([] or all-ones dims); an optimiser has no outputs. */
export function scalarLossShape(inputs: Record<string, SymShape | undefined>): Record<string, SymShape> {
  const l = requireRank(inputs, "loss", [0, 1, 2], "a scalar loss");
  if (l.some((d) => d !== 1)) throw new PortShapeError("loss", "the loss must be a scalar", "[]", l);
  return {};
}

export function lossBadWiring<P>(): BadWiring<P>[] {
  return [
    { inputs: { loss: ["B", 3] }, port: "loss", message: /scalar/ },
    { inputs: { loss: undefined }, port: "loss", message: /not connected/ },
  ];
}
