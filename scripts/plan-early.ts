// Workload 5's re-plan the way the bench meets it: in a fresh Chromium page, compiles ~10–36,
// while the JavaScript engine is still warming up (scripts/plan-profile-browser.ts shows where
// it settles). `npx tsx scripts/plan-early.ts [trials=6]` opens a fresh browser per trial, runs
// 18 rounds of scripts/plan-loop.ts (each: the unedited graph, then a one-block edit on its
// kernel cache) and prints each trial's median re-plan over rounds 5–17 and the pooled median.

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build } from "vite";
import type { PlanLoopResult } from "./plan-loop";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const trials = Number(process.argv[2] ?? 6);
const ROUNDS = 18;
const WARMUP = 5;

const browserPath = () =>
  [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
  ].find((p): p is string => Boolean(p) && existsSync(p as string));

async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    root,
    logLevel: "warn",
    build: {
      write: false,
      minify: true,
      lib: { entry: join(root, "scripts/plan-loop.ts"), formats: ["iife"], name: "planLoopBundle" },
    },
  });
  for (const o of Array.isArray(out) ? out : [out]) {
    if ("output" in o) for (const chunk of o.output) if (chunk.type === "chunk") return chunk.code;
  }
  throw new Error("vite build gave no chunk");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const code = await bundle();
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
      ([n, w]) =>
        (globalThis as unknown as { planLoop(n: number, w: number): PlanLoopResult }).planLoop(n, w),
      [ROUNDS, WARMUP] as const,
    );
    medians.push(r.total);
    pooled.push(...r.series.slice(WARMUP));
  } finally {
    await browser.close();
  }
}
console.log(
  `re-plan, rounds ${WARMUP}–${ROUNDS - 1} of a fresh page: trial medians ${medians.map((m) => m.toFixed(1)).join(" ")} ms; pooled median ${median(pooled).toFixed(1)} ms`,
);
