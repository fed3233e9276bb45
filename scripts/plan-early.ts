// Workload 5's re-plan the way the bench meets it: in a fresh Chromium page, compiles ~10–36,
// while the JavaScript engine is still warming up (scripts/plan-profile-browser.ts shows where
// it settles). `npx tsx scripts/plan-early.ts [trials=6] [--gap=MS]` opens a fresh browser per
// trial, runs 18 rounds of scripts/plan-loop.ts (each: the unedited graph, then a one-block
// edit on its kernel cache; with --gap, the page idle MS ms before each, as the bench's w5
// does) and prints each trial's median re-plan over rounds 5–17 and the pooled median.

import { chromium } from "playwright-core";
import { browserPath } from "./browser";
import type { PlanLoopResult } from "./plan-loop";
import { planLoopBundle } from "./plan-page";

const args = process.argv.slice(2);
const trials = Number(args.find((a) => !a.startsWith("--")) ?? 6);
const gap = Number(args.find((a) => a.startsWith("--gap="))?.slice(6) ?? 0);
const ROUNDS = 18;
const WARMUP = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const code = await planLoopBundle();
const medians: number[] = [];
const pooled: number[] = [];
for (let t = 0; t < trials; t++) {
  const browser = await chromium.launch({
    executablePath: browserPath(),
    headless: true,
    args: ["--no-sandbox"],
  });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ content: code });
    const r = await page.evaluate(
      ([n, w, g]) =>
        (
          globalThis as unknown as { planLoop: (n: number, w: number, g: number) => Promise<PlanLoopResult> }
        ).planLoop(n, w, g),
      [ROUNDS, WARMUP, gap] as const,
    );
    medians.push(r.total);
    pooled.push(...r.series.slice(WARMUP));
  } finally {
    await browser.close();
  }
}
console.log(
  `re-plan, rounds ${WARMUP}–${ROUNDS - 1} of a fresh page${gap ? `, ${gap} ms idle before each compile` : ", back-to-back"}: trial medians ${medians.map((m) => m.toFixed(1)).join(" ")} ms; pooled median ${median(pooled).toFixed(1)} ms`,
);
