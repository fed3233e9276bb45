// Turns a BenchResult into the readable table and the issue's targets, met or not. Runs in
// Node (scripts/bench.ts); plain string formatting, no dependencies.

import type { BenchResult, GpuCalls, LibId, Spread, TrainCell } from "./types";

export interface Target {
  name: string;
  /** The measured ratio or time, and the goal it is held to. */
  value: number | null;
  goal: string;
  met: boolean;
  detail: string;
}

const WG: LibId = "wiregrad-webgpu";

const f = (v: number | undefined, digits = 1): string => {
  if (v === undefined || !Number.isFinite(v)) return "–";
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString("en-US");
  if (Math.abs(v) >= 100) return v.toFixed(0);
  return v.toFixed(digits);
};

const med = (s: Spread | undefined): string => (s ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : "–");

/** A library's better mode: the throughput a user would get from it. */
export function best(c: TrainCell | undefined): number | undefined {
  if (!c || c.error) return undefined;
  return Math.max(c.awaited?.median ?? 0, c.pipelined?.median ?? 0);
}

const calls = (c: GpuCalls | undefined): string => (c ? `${f(c.dispatches)} / ${f(c.submits)}` : "–");

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (c ?? "").padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function formatTables(r: BenchResult): string {
  const out: string[] = [];
  if (r.meta.incomplete) out.push(`INCOMPLETE: ${r.meta.incomplete}`);
  const a = r.meta.adapter;
  out.push(
    `adapter: ${a.vendor}/${a.architecture} ${a.description ? `(${a.description})` : ""}; ${r.meta.runs} timed runs per cell, medians (min–max)`,
  );
  for (const w of r.train) {
    const wg = best(w.cells.find((c) => c.lib === WG));
    const auto = best(w.cells.find((c) => c.lib === "wiregrad-auto"));
    const rows = [
      [
        "library",
        "first step ms",
        `awaited ${w.unit}`,
        `pipelined ${w.unit}`,
        "disp/submit per step (awaited)",
        "(pipelined)",
        "webgpu÷peer",
        "auto÷peer",
      ],
    ];
    for (const c of w.cells) {
      if (c.error) {
        rows.push([c.lib, `ERROR ${c.error}`]);
        continue;
      }
      const b = best(c);
      rows.push([
        c.lib,
        f(c.firstMs, 0),
        med(c.awaited),
        med(c.pipelined),
        calls(c.perStep?.awaited),
        calls(c.perStep?.pipelined),
        wg && b ? `${f(wg / b, 2)}×` : "–",
        auto && b ? `${f(auto / b, 2)}×` : "–",
      ]);
    }
    out.push("", `Workload ${w.id}: ${w.title} (ratios use each library's better mode)`, pad(rows));
  }
  if (r.matmul.length) {
    const sizes = [...new Set(r.matmul.map((m) => m.n))];
    const libs = [...new Set(r.matmul.map((m) => m.lib))];
    const rows = [
      ["library", ...sizes.map((n) => `${n}³ GFLOP/s`), ...sizes.map((n) => `webgpu÷peer ${n}³`)],
    ];
    for (const lib of libs) {
      const cell = (n: number) => r.matmul.find((m) => m.lib === lib && m.n === n);
      rows.push([
        lib,
        ...sizes.map((n) => {
          const c = cell(n);
          return c?.error ? `ERROR ${c.error}` : med(c?.gflops);
        }),
        ...sizes.map((n) => {
          const wg = r.matmul.find((m) => m.lib === WG && m.n === n)?.gflops?.median;
          const p = cell(n)?.gflops?.median;
          return wg && p ? `${f(wg / p, 2)}×` : "–";
        }),
      ]);
    }
    out.push("", "Workload 4: matmul f32, n×n×n (products queued, the last read back)", pad(rows));
  }
  const g = r.graph;
  if (g) {
    out.push(
      "",
      `Workload 5: a ${g.blocks}-block graph (wiregrad, WebGPU; the page idle ${g.editGapMs ?? 0} ms before each timed plan, as between a person's edits)`,
    );
    if (g.error) out.push(`  ERROR ${g.error}`);
    else {
      out.push(
        pad([
          ["first plan in the page (JavaScript engine not yet warm)", `${f(g.planReadyFirst, 1)} ms`],
          ["edit → plan ready (analyze, lower, autodiff, plan; cold kernel cache)", `${med(g.planReady)} ms`],
          [
            "  of which analyze / lower+autodiff / WebGPU plan (medians)",
            g.phases ? `${f(g.phases.analyze)} / ${f(g.phases.program)} / ${f(g.phases.plan)} ms` : "–",
          ],
          [
            "re-plan after changing one block (kernel cache warm from the unedited graph)",
            `${med(g.replan)} ms`,
          ],
          ["  the same, back-to-back (no idle time before it)", `${med(g.replanBackToBack)} ms`],
          ["edit → first step done, cold device and pipeline cache", `${f(g.firstStepColdMs, 0)} ms`],
          ["edit → first step done, warm pipeline cache", `${med(g.firstStepWarm)} ms`],
          ["one edit → first step done, warm (new pipelines compiled)", `${f(g.recompileAfterEditMs, 0)} ms`],
          ["pipelines created: cold / after the edit", `${g.pipelinesCold} / ${g.pipelinesAfterEdit}`],
          ["IR nodes / dispatches per step", `${g.irNodes} / ${g.dispatchesPerStep}`],
          ["transient bytes planned / naive", `${g.plannedBytes} / ${g.naiveBytes}`],
        ]).replace(/^/gm, "  "),
      );
    }
  }
  if (r.planner) {
    const p = r.planner;
    out.push(
      "",
      `Planner memory (${p.preset}): ${p.plannedBytes.toLocaleString("en-US")} transient bytes planned vs ${p.naiveBytes.toLocaleString("en-US")} naive (${f(p.naiveBytes / p.plannedBytes, 1)}× less); ${p.persistentBytes.toLocaleString("en-US")} persistent; ${p.dispatches} dispatches per step`,
    );
  }
  if (r.meta.autoBackend) out.push(`wiregrad-auto chose: ${r.meta.autoBackend}`);
  return out.join("\n");
}

export function evaluateTargets(r: BenchResult): Target[] {
  const targets: Target[] = [];
  const cell = (w: number, lib: LibId) => r.train.find((t) => t.id === w)?.cells.find((c) => c.lib === lib);
  const ratio = (name: string, w: number, a: LibId, b: LibId, goal: number) => {
    const x = best(cell(w, a));
    const y = best(cell(w, b));
    const v = x !== undefined && y !== undefined ? x / y : null;
    targets.push({
      name,
      value: v,
      goal: `≥ ${goal}×`,
      met: v !== null && v >= goal,
      detail: `${a} ${f(x)} vs ${b} ${f(y)}`,
    });
  };
  if (r.train.some((t) => t.id === 1)) {
    ratio("w1 wiregrad-webgpu ÷ jax-js", 1, WG, "jax-webgpu", 2);
    const tf = (["tfjs-webgpu", "tfjs-cpu", "tfjs-webgl"] as LibId[])
      .map((l) => ({ l, v: best(cell(1, l)) }))
      .filter((x) => x.v !== undefined)
      .sort((p, q) => q.v! - p.v!)[0];
    const auto = best(cell(1, "wiregrad-auto"));
    const v = auto !== undefined && tf ? auto / tf.v! : null;
    targets.push({
      name: "w1 wiregrad-auto ÷ TF.js best backend",
      value: v,
      goal: "> 1×",
      met: v !== null && v > 1,
      detail: `wiregrad-auto ${f(auto)} vs ${tf ? `${tf.l} ${f(tf.v)}` : "–"}`,
    });
  }
  if (r.train.some((t) => t.id === 2)) {
    ratio("w2 wiregrad-webgpu ÷ jax-js", 2, WG, "jax-webgpu", 1.5);
    ratio("w2 wiregrad-webgpu ÷ TF.js webgpu", 2, WG, "tfjs-webgpu", 5);
    const first = cell(2, WG)?.firstMs;
    targets.push({
      name: "w2 wiregrad-webgpu first step",
      value: first ?? null,
      goal: "< 1000 ms",
      met: first !== undefined && first < 1000,
      detail: `${f(first, 0)} ms`,
    });
  }
  if (r.train.some((t) => t.id === 3)) {
    ratio("w3 wiregrad-webgpu ÷ jax-js", 3, WG, "jax-webgpu", 1.5);
    ratio("w3 wiregrad-webgpu ÷ TF.js webgpu", 3, WG, "tfjs-webgpu", 3);
  }
  for (const n of [...new Set(r.matmul.map((m) => m.n))]) {
    const x = r.matmul.find((m) => m.lib === WG && m.n === n)?.gflops?.median;
    const y = r.matmul.find((m) => m.lib === "jax-webgpu" && m.n === n)?.gflops?.median;
    const v = x !== undefined && y !== undefined ? x / y : null;
    targets.push({
      name: `w4 matmul ${n}³ wiregrad-webgpu ÷ jax-js`,
      value: v,
      goal: "≥ 1×",
      met: v !== null && v >= 1,
      detail: `${f(x, 2)} vs ${f(y, 2)} GFLOP/s`,
    });
  }
  const g = r.graph;
  if (g && !g.error) {
    const ms = (name: string, s: Spread | undefined, goal: number) =>
      targets.push({
        name,
        value: s?.median ?? null,
        goal: `< ${goal} ms`,
        met: s !== undefined && s.median < goal,
        detail: `${f(s?.median)} ms`,
      });
    ms("w5 plan ready", g.planReady, 50);
    ms("w5 re-plan after one edit", g.replan, 10);
  }
  return targets;
}

export function formatTargets(ts: Target[]): string {
  const rows = [["target", "goal", "measured", "met"]];
  for (const t of ts)
    rows.push([
      t.name,
      t.goal,
      `${t.value === null ? "–" : t.goal.includes("ms") ? `${f(t.value)} ms` : `${f(t.value, 2)}×`} (${t.detail})`,
      t.met ? "yes" : "NO",
    ]);
  return `Targets (issue 3)\n${pad(rows)}`;
}
