import type { GraphDoc, WeightTensor } from "../graph/doc";
import { encodeWeight } from "../graph/weights";
import type { TrainSession } from "./session";

/**
 * The GraphDoc with the session's weights (and batch-norm buffers) embedded under each
 * node by state_dict name, plus the final metrics: the native model export. Optimiser
 * state is not part of the model and is left out.
 */
export function withTrainedWeights(
  doc: GraphDoc,
  session: Pick<TrainSession, "program" | "variables" | "batch" | "seed">,
  metrics: Record<string, number>,
): GraphDoc {
  const byNode = new Map<string, Record<string, WeightTensor>>();
  for (const v of session.program.variables.values()) {
    if (v.kind === "slot") continue;
    const data = session.variables.get(v.name)!;
    const w = byNode.get(v.node) ?? {};
    w[v.param] = encodeWeight(v.shape, data, "array");
    byNode.set(v.node, w);
  }
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (byNode.has(n.id) ? { ...n, weights: byNode.get(n.id) } : n)),
    training: {
      ...(doc.training ?? { batch_size: session.batch, seed: session.seed, test_fraction: 0.2 }),
      metrics,
    },
  };
}
