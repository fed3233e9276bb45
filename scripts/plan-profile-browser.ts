// Workload 5's re-plan in Chromium with the engine warm: `npx tsx
// scripts/plan-profile-browser.ts [rounds=200] [warmup=100]` bundles scripts/plan-loop.ts,
// runs it in a headless Chromium page and prints the medians after the warm-up, with the
// series, next to the same loop in this Node process. The bench's w5 re-plan times plans
// 10–27 of its page, while the engine is still warming up; this shows where it settles.

import { chromium } from "playwright-core";
import { browserPath } from "./browser";
import { type PlanLoopResult, planLoop } from "./plan-loop";
import { planLoopBundle } from "./plan-page";

const rounds = Number(process.argv[2] ?? 200);
const warmup = Number(process.argv[3] ?? 100);

const show = (where: string, r: PlanLoopResult) =>
  console.log(
    `${where.padEnd(9)} re-plan median ${r.total.toFixed(1)} ms (analyze ${r.analyze.toFixed(1)}, lower+autodiff ${r.program.toFixed(1)}, plan ${r.plan.toFixed(1)}); min ${Math.min(...r.series.slice(warmup)).toFixed(1)} ms\n          series: ${r.series.map((t) => t.toFixed(0)).join(" ")}`,
  );

const code = await planLoopBundle();
const browser = await chromium.launch({
  executablePath: browserPath(),
  headless: true,
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage();
  await page.addScriptTag({ content: code });
  const r = await page.evaluate(
    ([n, w]) => (globalThis as unknown as { planLoop: typeof planLoop }).planLoop(n, w),
    [rounds, warmup] as const,
  );
  show("chromium", r);
} finally {
  await browser.close();
}
show("node", await planLoop(rounds, warmup));
