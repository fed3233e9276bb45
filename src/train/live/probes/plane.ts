// The TensorFlow-Playground view: for a graph whose data are 2-D points, every unit's output
// over a grid on the input plane. The graph runs once on all res×res grid points (eval mode:
// no dropout noise, batch-norm running statistics).

import { executeCpu } from "../../../backends/cpu/executor";
import { type Analysis, ancestors } from "../../../compile/analyze";
import type { VariableStore } from "../../../compile/variables";
import type { Dataset } from "../../../data/types";
import type { GraphDoc } from "../../../graph/doc";
import type { NodeProbe } from "../types";
import { probeProgram } from "./probeProgram";

/** Units drawn per node: a layer wider than this is not a Playground picture any more. */
export const MAX_PLANE_UNITS = 32;
export const DEFAULT_PLANE_RES = 24;

export type Extent = [number, number, number, number];

/** The graph's single data source, when it yields 2-D points: its node id. */
export function planeSource(a: Analysis): string | null {
  const sources = a.order.filter((id) => {
    const t = a.nodes.get(id)!.def.type;
    return t === "Dataset" || t === "Input";
  });
  if (sources.length !== 1) return null;
  const info = a.nodes.get(sources[0])!;
  const x = info.shapes?.[info.def.type === "Dataset" ? "x" : "out"];
  return x && x.length === 2 && x[0] === "B" && x[1] === 2 ? sources[0] : null;
}

/** Nodes that get a plane: a [B, units] output that depends on the 2-D input. */
export function planeNodes(a: Analysis, source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    if (!ancestors(a, id).has(source)) continue;
    for (const port of info.def.outputs) {
      if (info.def.type === "Dataset" && port.name !== "x") continue;
      const s = info.shapes?.[port.name];
      if (s && s.length === 2 && s[0] === "B" && typeof s[1] === "number" && s[1] <= MAX_PLANE_UNITS) {
        out.set(id, port.name);
        break;
      }
    }
  }
  return out;
}

const extents = new WeakMap<Dataset, Extent>();

/** The data's bounding box with a 10 % margin, so the points do not sit on the edge. */
export function dataExtent(ds: Dataset | undefined): Extent {
  if (!ds) return [-1, 1, -1, 1];
  let e = extents.get(ds);
  if (!e) {
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i + 1 < ds.x.length; i += 2) {
      x0 = Math.min(x0, ds.x[i]);
      x1 = Math.max(x1, ds.x[i]);
      y0 = Math.min(y0, ds.x[i + 1]);
      y1 = Math.max(y1, ds.x[i + 1]);
    }
    const mx = (x1 - x0) * 0.1 || 1;
    const my = (y1 - y0) * 0.1 || 1;
    e = [x0 - mx, x1 + mx, y0 - my, y1 + my];
    extents.set(ds, e);
  }
  return e;
}

/** Grid points, row 0 at the top (largest y), as an image is drawn. */
export function gridPoints(res: number, [x0, x1, y0, y1]: Extent): Float32Array {
  const pts = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    const y = y1 - ((r + 0.5) / res) * (y1 - y0);
    for (let c = 0; c < res; c++) {
      const k = (r * res + c) * 2;
      pts[k] = x0 + ((c + 0.5) / res) * (x1 - x0);
      pts[k + 1] = y;
    }
  }
  return pts;
}

/** Each watched plane node's units over the grid: units × res × res values, unit-major. */
export function computePlanes(
  doc: GraphDoc,
  a: Analysis,
  ctx: { variables: VariableStore; datasets: Map<string, Dataset>; seed: number; step: number },
  watched: (id: string) => boolean,
  res = DEFAULT_PLANE_RES,
): Map<string, NonNullable<NodeProbe["plane"]>> {
  const result = new Map<string, NonNullable<NodeProbe["plane"]>>();
  const source = planeSource(a);
  if (!source) return result;
  const nodes = [...planeNodes(a, source)].filter(([id]) => watched(id));
  if (!nodes.length) return result;
  const n = res * res;
  const p = probeProgram(doc, n, false, "eval");
  const extent = dataExtent(ctx.datasets.get(source));
  const grid = gridPoints(res, extent);
  const feeds: Record<string, Float32Array> = {};
  for (const f of p.feeds.values()) {
    feeds[f.name] =
      f.node === source && !f.name.endsWith(".y")
        ? grid
        : new Float32Array(f.shape.reduce((s, d) => s * d, 1));
  }
  const ids = nodes.map(([id, port]) => p.ports.get(`${id}.${port}`)!);
  const vals = executeCpu(p.nodes, ids, {
    dtype: "f32",
    feeds,
    variables: Object.fromEntries(ctx.variables),
    seed: ctx.seed,
    step: ctx.step,
  });
  nodes.forEach(([id], k) => {
    const v = vals[k];
    const units = v.length / n;
    const values = new Float32Array(v.length);
    // [points, units] → [units, points]: one image per unit.
    for (let i = 0; i < n; i++) for (let u = 0; u < units; u++) values[u * n + i] = v[i * units + u];
    result.set(id, { res, units, extent, values });
  });
  return result;
}
