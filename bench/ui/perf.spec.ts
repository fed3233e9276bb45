// The performance figures: train the MNIST MLP with every view closed, then with
// every node's view and the output view open, counting requestAnimationFrame frames on the
// page and the worker's steps per second over the same window. A benchmark, not a test
// (`npm run bench:ui`): it prints the figures beside the goals (≥ 50 fps with every
// view open, throughput drop ≤ 20 %) and only fails when training did not run.
import { expect, type Page, test } from "@playwright/test";
import { openApp, shot } from "../../e2e/helpers";

const WINDOW_MS = 6000;

interface Sample {
  fps: number;
  stepsPerSecond: number;
  steps: number;
}

const stepCount = async (page: Page) =>
  Number(await page.getByTestId("run-step-count").getAttribute("data-step"));

/** Frames the page paints and steps the worker takes over the same window, while training runs. */
async function measure(page: Page): Promise<Sample> {
  const s0 = await stepCount(page);
  const t0 = Date.now();
  const frames = await page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        let n = 0;
        const start = performance.now();
        const tick = (t: number) => {
          n++;
          if (t - start < ms) requestAnimationFrame(tick);
          else resolve((n * 1000) / (t - start));
        };
        requestAnimationFrame(tick);
      }),
    WINDOW_MS,
  );
  const s1 = await stepCount(page);
  const seconds = (Date.now() - t0) / 1000;
  return { fps: frames, stepsPerSecond: (s1 - s0) / seconds, steps: s1 - s0 };
}

for (const backend of ["webgpu", "cpu"] as const) {
  test(`mnist-mlp on ${backend}: frame rate and throughput with views closed and open`, async ({ page }) => {
    test.setTimeout(180_000);
    await openApp(page, "?preset=mnist-mlp");
    await page.getByTestId("backend-choice").selectOption(backend);
    await expect(page.getByTestId("backend-notice")).toHaveAttribute("data-backend", backend, {
      timeout: 60_000,
    });
    await expect(page.getByTestId("run-toggle")).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId("run-fold").click(); // the dock starts folded; its settings are inside
    await page.getByTestId("run-setting-steps").fill("");
    await page.getByTestId("run-setting-steps").press("Enter");
    await expect(page.getByTestId("run-toggle")).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId("run-speed").selectOption("max");

    // Views closed: no node views, the dock folded (no chart, no output view).
    await page.getByTestId("overlay-off").click();
    await page.getByTestId("run-fold").click();
    await expect(page.getByTestId("run-fold")).toHaveAttribute("aria-expanded", "false");
    await page.getByTestId("run-toggle").click();
    await page.waitForTimeout(1500);
    const closed = await measure(page);

    // Every view open: activations on every node and the output view in the dock.
    await page.getByTestId("overlay-activations").click();
    await page.getByTestId("run-fold").click();
    await page.waitForTimeout(1500);
    const open = await measure(page);
    await shot(page, `30-perf-mnist-${backend}`);
    await page.getByTestId("run-toggle").click();

    const drop = 1 - open.stepsPerSecond / closed.stepsPerSecond;
    const report = {
      backend,
      closed: { fps: +closed.fps.toFixed(1), stepsPerSecond: +closed.stepsPerSecond.toFixed(1) },
      open: { fps: +open.fps.toFixed(1), stepsPerSecond: +open.stepsPerSecond.toFixed(1) },
      throughputDrop: `${(drop * 100).toFixed(1)} %`,
    };
    console.log(`PERF ${JSON.stringify(report)}`);
    test.info().annotations.push({ type: "perf", description: JSON.stringify(report) });
    expect(closed.steps).toBeGreaterThan(0);
    expect(open.steps).toBeGreaterThan(0);
    console.log(
      `PERF goals: fps with views open ${report.open.fps} (goal ≥ 50: ${open.fps >= 50 ? "met" : "NOT met"}); ` +
        `throughput drop ${report.throughputDrop} (goal ≤ 20 %: ${drop <= 0.2 ? "met" : "NOT met"})`,
    );
  });
}
