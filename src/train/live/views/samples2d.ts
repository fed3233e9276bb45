// A GAN on a 2-D distribution: real points and the generator's points in one plane, so the
// fakes can be seen collapsing onto the data.
import type { Analysis } from "../../../compile/analyze";
import type { LiveContext, OutputView } from "../types";
import { datasetOf, gatherX, testRows } from "./data";
import { forward } from "./forward";
import { hasTrainable, nodeOf, nodesOfType, perSample, shapeOf, upstream } from "./graph";

/** Points of each kind drawn (and the generator's batch). */
const POINTS = 400;

export interface GanPlan {
  dataset: string;
  /** "node.port" of a real point [B, 2] (built from the data alone) and of a generated one. */
  real: string;
  generated: string;
}

/**
 * Noise (a NormalSample with nothing learned upstream) turned by trained blocks into 2-D points
 * is a generator; the latest [B, 2] port computed from the data alone is a real point.
 */
export function findGan(a: Analysis): GanPlan | undefined {
  const noise = nodesOfType(a, "NormalSample").filter(
    (s) => ![...upstream(a, s)].some((n) => hasTrainable(a, n)),
  );
  if (noise.length === 0) return undefined;
  const dataset = nodesOfType(a, "Dataset")[0];
  if (!dataset) return undefined;
  const ports: { key: string; up: Set<string> }[] = [];
  for (const id of a.order) {
    for (const port of a.nodes.get(id)!.def.outputs) {
      const key = `${id}.${port.name}`;
      const s = perSample(shapeOf(a, key));
      if (s?.length === 1 && s[0] === 2) ports.push({ key, up: upstream(a, id).add(id) });
    }
  }
  const learned = (up: Set<string>) => [...up].some((n) => hasTrainable(a, n));
  const noisy = (up: Set<string>) => noise.some((n) => up.has(n));
  // The generator sees only the noise: the data may reach it through the noise's own inputs
  // (a batch-shaped zero), never otherwise. That rules out the discriminator's outputs.
  const seesData = (node: string): boolean => {
    const seen = new Set<string>();
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n) || noise.includes(n)) continue;
      seen.add(n);
      if (a.nodes.get(n)?.def.type === "Dataset") return true;
      for (const e of Object.values(a.nodes.get(n)?.incoming ?? {})) stack.push(e.source.node);
    }
    return false;
  };
  const generated = ports.filter((p) => noisy(p.up) && learned(p.up) && !seesData(nodeOf(p.key))).at(-1);
  if (!generated) return undefined;
  // Real points come from the data alone and are not on the generator's own input path.
  const real = ports
    .filter((p) => !noisy(p.up) && !learned(p.up) && p.up.has(dataset) && !generated.up.has(nodeOf(p.key)))
    .at(-1);
  return real ? { dataset, real: real.key, generated: generated.key } : undefined;
}

export function samples2d(ctx: LiveContext, plan: GanPlan): OutputView {
  const ds = datasetOf(ctx, plan.dataset);
  const rows = testRows(ds, POINTS);
  // The real points' port may need y as well as x (the GAN preset concatenates the two).
  const w = ds.yShape.reduce((p, d) => p * d, 1);
  const y = new Float32Array(rows.length * w);
  for (let i = 0; i < rows.length; i++) y.set(ds.y.subarray(rows[i] * w, (rows[i] + 1) * w), i * w);
  const [real, generated] = forward(ctx, {
    doc: ctx.doc,
    batch: rows.length,
    feeds: { [`${plan.dataset}.x`]: gatherX(ds, rows), [`${plan.dataset}.y`]: y },
    ports: [plan.real, plan.generated],
  });
  return {
    kind: "samples-2d",
    step: ctx.step,
    real: Float32Array.from(real),
    generated: Float32Array.from(generated),
  };
}
