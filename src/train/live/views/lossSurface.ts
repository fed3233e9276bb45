// A loss surface over a 2-D parameter plane, with the path each optimised point has taken:
// the optimisers preset (four points, one optimiser each, on one surface) and scalar graphs
// with two parameters (autodiff-scalar's f(x, y), monte-carlo's objective over (logvar, mu)).
import { executeCpu } from "../../../backends/cpu/executor";
import type { Analysis } from "../../../compile/analyze";
import { buildGradProgram, type Program } from "../../../compile/program";
import { initVariables } from "../../../compile/variables";
import type { GraphDoc } from "../../../graph/doc";
import type { LiveContext, OutputView } from "../types";
import { evalProgram } from "./forward";
import { analysisOf, nodesOfType } from "./graph";
import { seriesOf } from "./history";

/** Grid cells per side: 1,600 single-point evaluations, done once per run and extent. */
const RES = 40;
/** The surface is at least this far around the points on each side. */
const MIN_HALF = 1.5;

export interface PlanePlan {
  /** "points": each variable is one point of the plane; "axes": two scalars are its two coordinates. */
  mode: "points" | "axes";
  variables: string[];
  axes: [string, string];
}

const sizeOf = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** Graphs with no data whose only trainable tensors are Parameters spanning a plane. */
export function findPlane(a: Analysis): PlanePlan | undefined {
  if (nodesOfType(a, "Dataset").length || nodesOfType(a, "Input").length) return undefined;
  const trainable = a.order.filter((id) => {
    const info = a.nodes.get(id)!;
    return !info.frozen && Object.values(info.weights).some((w) => w.trainable !== false);
  });
  if (trainable.length === 0 || trainable.some((id) => a.nodes.get(id)!.def.type !== "Parameter"))
    return undefined;
  const sizes = trainable.map((id) => sizeOf(a.nodes.get(id)!.weights.value.shape));
  if (sizes.every((s) => s === 2)) {
    return { mode: "points", variables: trainable.map((id) => `${id}.value`), axes: ["x", "y"] };
  }
  if (trainable.length === 2 && sizes.every((s) => s === 1)) {
    return {
      mode: "axes",
      variables: trainable.map((id) => `${id}.value`),
      axes: [trainable[0], trainable[1]],
    };
  }
  return undefined;
}

interface Surface {
  doc: GraphDoc;
  extent: [number, number, number, number];
  grid: Float32Array;
}
let cached: Surface | null = null;

export function lossSurface(ctx: LiveContext, plan: PlanePlan): OutputView {
  const now = currentPoints(ctx, plan);
  const paths = plan.mode === "points" ? plan.variables : ["path"];
  const series = paths.map((name) => seriesOf(ctx, `surface:${name}`));
  if (series[0].steps.length === 0 && ctx.step > 0) {
    // The view opened mid-run: start the path where the run started.
    const start = startPoints(ctx, plan);
    for (const [i, s] of series.entries()) s.add(0, start[i]);
  }
  for (const [i, s] of series.entries()) s.add(ctx.step, now[i]);

  const all = series.flatMap((s) => s.rows);
  if (!cached || cached.doc !== ctx.doc || !inside(cached.extent, all)) {
    const extent = frame(all);
    cached = { doc: ctx.doc, extent, grid: surfaceGrid(ctx, plan, extent) };
  }
  const grads = gradients(ctx, plan);
  const names =
    plan.mode === "points"
      ? plan.variables.map((v) => v.slice(0, v.lastIndexOf(".")))
      : [`(${plan.axes.join(", ")})`];
  return {
    kind: "loss-surface",
    step: ctx.step,
    res: RES,
    extent: cached.extent,
    grid: cached.grid,
    trajectories: series.map((s, i) => ({
      name: names[i],
      points: Float32Array.from(s.rows.flat()),
      grad: grads[i],
    })),
    axes: plan.axes,
  };
}

function currentPoints(ctx: LiveContext, plan: PlanePlan): number[][] {
  const v = plan.variables.map((name) => ctx.variables.get(name) ?? new Float32Array(2));
  return plan.mode === "points" ? v.map((a) => [a[0], a[1]]) : [[v[0][0], v[1][0]]];
}

function startPoints(ctx: LiveContext, plan: PlanePlan): number[][] {
  const { values } = initVariables(evalProgram(ctx.doc, 1), ctx.doc, ctx.seed);
  return currentPoints({ ...ctx, variables: values }, plan);
}

/** True when every point lies in the inner 90 % of the extent. */
function inside(e: [number, number, number, number], pts: number[][]): boolean {
  const mx = 0.05 * (e[1] - e[0]);
  const my = 0.05 * (e[3] - e[2]);
  return pts.every(
    ([x, y]) =>
      !Number.isFinite(x + y) || (x >= e[0] + mx && x <= e[1] - mx && y >= e[2] + my && y <= e[3] - my),
  );
}

/** An extent around the points with room to spare, so it rarely has to grow (each growth recomputes the grid). */
function frame(pts: number[][]): [number, number, number, number] {
  const finite = pts.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = finite.map((p) => p[0]);
  const ys = finite.map((p) => p[1]);
  const box = (v: number[]): [number, number] => {
    const lo = v.length ? Math.min(...v) : 0;
    const hi = v.length ? Math.max(...v) : 0;
    const half = Math.max(((hi - lo) / 2) * 1.4, MIN_HALF);
    const mid = (lo + hi) / 2;
    return [mid - half, mid + half];
  };
  return [...box(xs), ...box(ys)] as [number, number, number, number];
}

/**
 * The objective with the plane's point at each grid cell. In "points" mode every point sits
 * on the cell and the sum is divided by their count: the surface one point sees when the
 * objective adds up one term per point (as optimisers.json does). Evaluated at step 0, so a
 * stochastic objective (Monte-Carlo) draws the same noise at every cell and the surface is smooth.
 */
function surfaceGrid(ctx: LiveContext, plan: PlanePlan, e: [number, number, number, number]): Float32Array {
  const p = evalProgram(ctx.doc, 1);
  const variables: Record<string, Float32Array> = {};
  for (const [name, v] of ctx.variables) variables[name] = v;
  const cells = plan.variables.map((_name) => new Float32Array(plan.mode === "points" ? 2 : 1));
  plan.variables.forEach((name, i) => {
    variables[name] = cells[i];
  });
  const grid = new Float32Array(RES * RES);
  const scale = plan.mode === "points" ? 1 / plan.variables.length : 1;
  for (let row = 0; row < RES; row++) {
    const y = e[3] - ((row + 0.5) / RES) * (e[3] - e[2]);
    for (let col = 0; col < RES; col++) {
      const x = e[0] + ((col + 0.5) / RES) * (e[1] - e[0]);
      if (plan.mode === "points") {
        for (const c of cells) {
          c[0] = x;
          c[1] = y;
        }
      } else {
        cells[0][0] = x;
        cells[1][0] = y;
      }
      const [loss] = executeCpu(p.nodes, [p.loss!], {
        dtype: "f32",
        feeds: {},
        variables,
        seed: ctx.seed,
        step: 0,
      });
      grid[row * RES + col] = loss[0] * scale;
    }
  }
  return grid;
}

const gradPrograms = new WeakMap<GraphDoc, Program>();

/** The gradient of the objective at each path's current point (the arrow the autodiff lecture draws). */
function gradients(ctx: LiveContext, plan: PlanePlan): ([number, number] | undefined)[] {
  let p = gradPrograms.get(ctx.doc);
  if (!p) {
    p = buildGradProgram(ctx.doc, 1, analysisOf(ctx.doc));
    gradPrograms.set(ctx.doc, p);
  }
  const ids = plan.variables.map((v) => p.grads.get(v));
  if (ids.some((id) => id === undefined)) return plan.variables.map(() => undefined);
  const g = executeCpu(p.nodes, ids as number[], {
    dtype: "f32",
    feeds: {},
    variables: Object.fromEntries(ctx.variables),
    seed: ctx.seed,
    step: ctx.step,
  });
  if (plan.mode === "points") return g.map((v) => [v[0], v[1]] as [number, number]);
  return [[g[0][0], g[1][0]]];
}
