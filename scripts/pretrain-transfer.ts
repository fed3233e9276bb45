// Pretrains the transfer-learning preset's convolutional feature extractor on MNIST digits 0–4
// and writes presets/transfer-learning.json: the same network as transfer-from-scratch.json,
// with conv1 and conv2 carrying these weights and frozen, and a fresh head for digits 5–9.
//
//   npx tsx scripts/pretrain-transfer.ts
//
// Deterministic: the graph's seed fixes the initial weights and the batch order, so a rerun on
// the same Node version writes the same file.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeDatasetLoader } from "../src/cli/datasets";
import type { GraphDoc, WeightTensor } from "../src/graph/doc";
import { encodeWeight } from "../src/graph/weights";
import { TrainSession } from "../src/train/session";
import { build, canonical, transferDoc } from "./make-presets";

/** The pretraining run: digits 0–4, the feature extractor and a 5-way head all trained. */
export const PRETRAIN = { labels: [0, 1, 2, 3, 4], steps: 500, lr: 0.005 };
/** Blocks whose weights the preset ships. */
export const FEATURES = ["conv1", "conv2"];

function pretrainDoc(): GraphDoc {
  const doc = build(transferDoc(false));
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.id === "data") return { ...n, params: { ...n.params, labels: PRETRAIN.labels } };
      if (n.id === "opt") return { ...n, params: { ...n.params, lr: PRETRAIN.lr } };
      return n;
    }),
  };
}

function main() {
  const session = new TrainSession(pretrainDoc(), nodeDatasetLoader);
  const t0 = Date.now();
  for (let i = 1; i <= PRETRAIN.steps; i++) {
    const log = session.trainStep();
    if (i % 50 === 0) console.log(`step ${i}  loss ${log.loss.toFixed(4)}`);
  }
  const test = session.evaluate("test");
  const accuracy = test.metrics.accuracy;
  console.log(`digits 0–4: test accuracy ${(100 * accuracy).toFixed(1)} % (${(Date.now() - t0) / 1000} s)`);

  const weights = new Map<string, Record<string, WeightTensor>>();
  for (const v of session.program.variables.values()) {
    if (v.kind === "slot" || !FEATURES.includes(v.node)) continue;
    const w = weights.get(v.node) ?? {};
    w[v.param] = encodeWeight(v.shape, session.variables.get(v.name)!, "array");
    weights.set(v.node, w);
  }
  const doc = build(transferDoc(true));
  doc.meta.pretrained = `${FEATURES.join(" and ")}: ${PRETRAIN.steps} steps of Adam (lr ${PRETRAIN.lr}, batch ${session.batch}) on MNIST digits 0–4 by scripts/pretrain-transfer.ts; test accuracy on digits 0–4 ${(100 * accuracy).toFixed(1)} %`;
  doc.nodes = doc.nodes.map((n) => (weights.has(n.id) ? { ...n, weights: weights.get(n.id) } : n));
  const path = join(fileURLToPath(import.meta.url), "..", "..", "presets", "transfer-learning.json");
  writeFileSync(path, canonical(doc, "transfer-learning.json"));
  const count = [...weights.values()]
    .flatMap((w) => Object.values(w))
    .reduce((n, w) => n + w.shape.reduce((p, d) => p * d, 1), 0);
  console.log(`wrote presets/transfer-learning.json (${count} pretrained numbers)`);
}

main();
