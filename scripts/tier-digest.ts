// A digest of every preset's kernels on a software adapter, both tiers (full and quick), to
// show a kernel-generator change leaves the WGSL it did not mean to change byte-identical:
//   npx tsx scripts/tier-digest.ts > before.txt; (change); npx tsx scripts/tier-digest.ts | diff before.txt -

import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bigGraph, trainDoc } from "../bench/graphs";
import { TRAIN_SPECS } from "../bench/workloads";
import { hazards } from "../src/backends/webgpu/executor";
import { planProgram } from "../src/backends/webgpu/plan";
import { analyze } from "../src/compile/analyze";
import { buildTrainProgram } from "../src/compile/program";
import type { GraphDoc } from "../src/graph/doc";
import { loadGraphDoc } from "../src/graph/load";

const docs: [string, GraphDoc][] = readdirSync("presets")
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => {
    const r = loadGraphDoc(JSON.parse(readFileSync(join("presets", f), "utf8")), f);
    if (!r.ok) throw new Error(f);
    return [f, r.doc];
  });
for (const s of TRAIN_SPECS) docs.push([`bench w${s.id}`, trainDoc(s)]);
docs.push(["bigGraph", bigGraph()]);
for (const [name, doc] of docs) {
  const a = analyze(doc);
  const p = buildTrainProgram(doc, doc.training?.batch_size ?? 32, a);
  const outputs = [...new Set([p.loss!, ...p.metrics.values(), ...p.updates.values()])];
  const plan = planProgram(p.nodes, outputs, {
    software: true,
    maxInputs: 7,
    detach: hazards(p.nodes, p.updates),
    updates: p.updates,
  });
  const tier = (pick: "full" | "quick") => {
    const h = createHash("sha256");
    for (const k of plan.kernels) {
      const s = pick === "full" ? k : k.quick;
      if (s) h.update(JSON.stringify([s.code, s.dims, s.groups, s.reads, s.writes]));
    }
    return h.digest("hex").slice(0, 12);
  };
  console.log(`${name.padEnd(32)} full ${tier("full")}  quick ${tier("quick")}`);
}
