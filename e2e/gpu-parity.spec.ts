// WebGPU parity in a real Chromium (--enable-unsafe-webgpu, SwiftShader here): the page
// test/browser/gpu-check.html runs every primitive case and a few presets on the CPU executor
// and on navigator.gpu. A page that finds no adapter fails here; it never passes empty.
import { expect, type Page, test } from "@playwright/test";
import { ALL_PRIMS } from "../src/ir/prims";
import { BROWSER_PRESETS } from "../test/browser/presetRuns";
import type { GpuCheckState } from "../test/browser/results";
import { shot } from "./helpers";

async function runPart(page: Page, part: "prims" | "presets", budgetMs: number): Promise<GpuCheckState> {
  test.setTimeout(budgetMs + 30_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`/test/browser/gpu-check.html?part=${part}`);
  await page.waitForFunction(() => window.__gpuCheck?.done === true, null, {
    timeout: budgetMs,
    polling: 500,
  });
  const state = (await page.evaluate(() => window.__gpuCheck)) as GpuCheckState;
  await shot(page, `gpu-parity-${part}`);
  expect(errors, "uncaught errors in the page").toEqual([]);
  expect(state.error, "the check stopped early").toBeUndefined();
  expect(state.adapter, "no WebGPU adapter: Chromium needs --enable-unsafe-webgpu").toBeTruthy();
  const failed = state.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);
  expect(failed).toEqual([]);
  return state;
}

test("every primitive: WebGPU in Chromium agrees with the CPU executor", async ({ page }) => {
  const state = await runPart(page, "prims", 240_000);
  // Every primitive ran, each with and without fan-out.
  const ran = new Set(state.results.map((r) => r.name.split(" ")[0]));
  expect([...ran].sort()).toEqual([...ALL_PRIMS].sort());
  expect(state.results.length).toBeGreaterThanOrEqual(2 * ALL_PRIMS.length);
});

test("presets train on WebGPU in Chromium along the CPU's loss curve", async ({ page }) => {
  const state = await runPart(page, "presets", 240_000);
  expect(state.results.map((r) => r.name.split(",")[0])).toEqual(BROWSER_PRESETS.map((p) => p.name));
});
