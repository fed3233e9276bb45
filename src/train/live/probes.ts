// Probes: small summaries of what flows through the watched nodes, for the node views,
// the gradient edge view and the warnings. (Stub: owned by the probes work.)
import type { LiveContext, ProbeSnapshot } from "./types";

export interface ProbeRequest {
  /** Node ids whose outputs are summarised; empty = every node. */
  nodes: string[];
  /** Also back-propagate to every watched output and edge. */
  gradients: boolean;
  /** Samples in the probe batch (drawn from the training split, seeded by the step). */
  batch: number;
}

export function computeProbes(_ctx: LiveContext, _req: ProbeRequest): ProbeSnapshot | null {
  return null;
}
