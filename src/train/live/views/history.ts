// Views that draw a path (optimiser trajectories, parameter traces) need the values of earlier
// steps, which the live context does not carry. This keeps them for the current run only: a
// new run, a reset (the step going back) or another graph starts afresh.
import type { GraphDoc } from "../../../graph/doc";
import type { LiveContext } from "../types";

export class Series {
  readonly steps: number[] = [];
  readonly rows: number[][] = [];

  /** Appends a row for `step`, replacing the last one when the step has not moved. */
  add(step: number, row: number[]): void {
    const last = this.steps.length - 1;
    if (last >= 0 && this.steps[last] === step) this.rows[last] = row;
    else {
      this.steps.push(step);
      this.rows.push(row);
    }
    // Long runs keep every other point of their older half: the path's shape survives, memory stays small.
    if (this.steps.length > MAX_POINTS) this.thin();
  }

  private thin(): void {
    const keep = (_: unknown, i: number) => i % 2 === 0 || i >= this.steps.length / 2;
    const steps = this.steps.filter(keep);
    const rows = this.rows.filter(keep);
    this.steps.splice(0, this.steps.length, ...steps);
    this.rows.splice(0, this.rows.length, ...rows);
  }
}

const MAX_POINTS = 2000;

interface RunHistory {
  key: string;
  run: number | undefined;
  lastStep: number;
  series: Map<string, Series>;
  values: Map<string, unknown>;
}

let current: RunHistory | null = null;

const keys = new WeakMap<GraphDoc, string>();

/** Which graph the series belong to: its node ids, so an edited copy of the same graph keeps its paths. */
function graphKey(doc: GraphDoc): string {
  let k = keys.get(doc);
  if (k === undefined) {
    k = doc.nodes.map((n) => n.id).join(",");
    keys.set(doc, k);
  }
  return k;
}

/** This run's history, started afresh for a new run, a reset or another graph. */
function historyOf(ctx: LiveContext): RunHistory {
  const key = graphKey(ctx.doc);
  if (!current || current.key !== key || current.run !== ctx.run || ctx.step < current.lastStep) {
    current = { key, run: ctx.run, lastStep: ctx.step, series: new Map(), values: new Map() };
  }
  current.lastStep = ctx.step;
  return current;
}

/** The named series of this run. */
export function seriesOf(ctx: LiveContext, name: string): Series {
  const h = historyOf(ctx);
  let s = h.series.get(name);
  if (!s) {
    s = new Series();
    h.series.set(name, s);
  }
  return s;
}

/** Forget everything (tests; a worker that starts a new run without a run id). */
export function resetHistory(): void {
  current = null;
}

/** A value kept for the rest of this run (made on first use), e.g. the latest prediction of each test image. */
export function runValue<T>(ctx: LiveContext, name: string, make: () => T): T {
  const h = historyOf(ctx);
  if (!h.values.has(name)) h.values.set(name, make());
  return h.values.get(name) as T;
}
