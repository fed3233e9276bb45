// Scalar parameters and losses over a run (monte-carlo: μ going to 3, log σ² to log ½, and the
// noisy estimate of the objective settling).
import type { Analysis } from "../../../compile/analyze";
import type { LiveContext, OutputView } from "../types";
import { forward } from "./forward";
import { hasOptimizer, nodesOfType, shapeOf } from "./graph";
import { seriesOf } from "./history";

/** More lines than this make the chart unreadable. */
const MAX_TRACES = 8;

export interface TracePlan {
  /** Variable names of scalar Parameters, and "node.port" of scalar loss outputs. */
  variables: string[];
  losses: string[];
}

/** Graphs trained by an optimiser whose parameters include scalars, and no dataset. */
export function findTraces(a: Analysis): TracePlan | undefined {
  if (!hasOptimizer(a) || nodesOfType(a, "Dataset").length) return undefined;
  const variables = nodesOfType(a, "Parameter")
    .filter((id) => {
      const info = a.nodes.get(id)!;
      return !info.frozen && info.weights.value?.shape.length === 0;
    })
    .map((id) => `${id}.value`);
  if (variables.length === 0) return undefined;
  const losses = a.order
    .filter((id) => a.nodes.get(id)!.def.category === "losses")
    .map((id) => `${id}.loss`)
    .filter((k) => shapeOf(a, k)?.length === 0);
  const sinks = a.order.filter(
    (id) =>
      a.nodes.get(id)!.def.category !== "optimizers" &&
      a.nodes.get(id)!.def.outputs.length === 1 &&
      shapeOf(a, `${id}.${a.nodes.get(id)!.def.outputs[0].name}`)?.length === 0 &&
      (a.consumers.get(`${id}.${a.nodes.get(id)!.def.outputs[0].name}`) ?? []).every(
        (e) => a.nodes.get(e.target.node)?.def.category === "optimizers",
      ),
  );
  const outs = [
    ...new Set([...losses, ...sinks.map((id) => `${id}.${a.nodes.get(id)!.def.outputs[0].name}`)]),
  ];
  const all = [...variables, ...outs].slice(0, MAX_TRACES);
  return {
    variables: all.filter((k) => variables.includes(k)),
    losses: all.filter((k) => !variables.includes(k)),
  };
}

export function traces(ctx: LiveContext, plan: TracePlan): OutputView {
  const values = plan.losses.length
    ? forward(ctx, { doc: ctx.doc, batch: 1, feeds: {}, ports: plan.losses }).map((v) => v[0])
    : [];
  const row = [...plan.variables.map((v) => ctx.variables.get(v)?.[0] ?? Number.NaN), ...values];
  const names = [...plan.variables, ...plan.losses].map((k) => k.slice(0, k.lastIndexOf(".")));
  const s = seriesOf(ctx, "traces");
  s.add(ctx.step, row);
  return {
    kind: "traces",
    step: ctx.step,
    traces: names.map((name, j) => {
      const points = new Float32Array(s.steps.length * 2);
      s.steps.forEach((step, i) => {
        points[2 * i] = step;
        points[2 * i + 1] = s.rows[i][j];
      });
      return { name, points };
    }),
  };
}
