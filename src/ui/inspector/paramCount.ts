// Parameter counts as PyTorch's sum(p.numel() for p in model.parameters()) gives them:
// trainable weights only; buffers such as running_mean are stored but not counted.
import type { Analysis, NodeInfo } from "../../compile/analyze";

export function nodeParamCount(info: NodeInfo | undefined): number {
  let n = 0;
  for (const w of Object.values(info?.weights ?? {})) {
    if (w.trainable === false) continue;
    n += w.shape.reduce((p, d) => p * d, 1);
  }
  return n;
}

export function graphParamCount(a: Analysis): { total: number; frozen: number } {
  let total = 0;
  let frozen = 0;
  for (const info of a.nodes.values()) {
    const n = nodeParamCount(info);
    total += n;
    if (info.frozen) frozen += n;
  }
  return { total, frozen };
}

export const formatCount = (n: number) => n.toLocaleString("en-US");
