// Fresh, readable node and edge ids. Ids appear in error messages, exported PyTorch code and
// ONNX names, so a Linear becomes "fc2" rather than a random string.
import type { GraphDoc, PortRef } from "../../graph/doc";

const PREFIX: Record<string, string> = {
  Linear: "fc",
  Conv2d: "conv",
  ConvTranspose2d: "deconv",
  Dataset: "data",
  Input: "x",
  Parameter: "p",
  Constant: "c",
};

function prefixFor(type: string): string {
  if (PREFIX[type]) return PREFIX[type];
  if (type.endsWith("Loss")) return "loss";
  const lower = type.toLowerCase();
  return /^[a-z_]/.test(lower) ? lower : `n_${lower}`;
}

/** The first unused id of the form <prefix><n>, n ≥ 1, e.g. "fc1", "relu3". */
export function freshNodeId(taken: ReadonlySet<string>, type: string): string {
  const base = prefixFor(type);
  for (let n = 1; ; n++) {
    const id = `${base}${n}`;
    if (!taken.has(id)) return id;
  }
}

export function edgeIdFor(doc: Pick<GraphDoc, "edges">, source: PortRef, target: PortRef): string {
  const base = `${source.node}.${source.port}->${target.node}.${target.port}`;
  const taken = new Set(doc.edges.map((e) => e.id));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}~${n}`)) return `${base}~${n}`;
}
