// Training in the page: the worker trains the spiral preset, the chart shows the loss fall,
// pause and step, a learning-rate change and a graph edit keep the weights, reset starts a
// new run overlaid on the old one. Values are read from data attributes, not pixels.
import { expect, type Page, test } from "@playwright/test";
import { openApp, selectNode, shot } from "./helpers";

const stepCount = async (page: Page) =>
  Number(await page.getByTestId("run-step-count").getAttribute("data-step"));
const chart = (page: Page) => page.getByTestId("metrics-chart");
/** A number the chart exposes; NaN while it has none (so "< x" cannot pass on an empty chart). */
const chartNumber = async (page: Page, attr: string) => {
  const v = await chart(page).getAttribute(attr);
  return v === null || v === "" ? Number.NaN : Number(v);
};

async function waitReady(page: Page) {
  await expect(page.getByTestId("run-toggle")).toBeEnabled({ timeout: 30_000 });
}

test("train the spiral: run, loss falls, pause, step, change the learning rate, edit, reset", async ({
  page,
}) => {
  test.setTimeout(360_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openApp(page, "?preset=spiral-mlp");
  await waitReady(page);

  // The backend and why, in words. Chromium here has --enable-unsafe-webgpu, whose only
  // adapter is SwiftShader: auto measures both step times, trains on the faster and says so
  // with the figures (which one wins depends on the machine's load).
  const notice = page.getByTestId("backend-notice");
  await expect(notice).toHaveAttribute("data-backend", /^(cpu|webgpu)$/);
  const chosen = (await notice.getAttribute("data-backend")) === "cpu" ? "CPU" : "WebGPU";
  await expect(notice.locator(".backend-badge")).toHaveText(chosen);
  await expect(notice).toContainText(`${chosen} is faster here`);
  await expect(notice).toContainText(/google\/swiftshader: .* per step/);

  // The dock starts folded to its control row; open it for the settings and the chart.
  await page.getByTestId("run-fold").click();
  await expect(page.getByTestId("run-fold")).toHaveAttribute("aria-expanded", "true");
  // Raw values: the chart's smoothing would blur the comparisons below.
  await page.getByTestId("chart-smoothing").fill("0");
  // The step budget is a training setting in the file: raise it so the run does not stop on its own.
  await page.getByTestId("run-setting-steps").fill("20000");
  await page.getByTestId("run-setting-steps").press("Enter");
  await expect(page.getByTestId("run-status")).toContainText("20,000");
  // A bolder learning rate so the loss falls far within the test's time on a busy machine.
  await selectNode(page, "opt");
  await page.getByTestId("param-lr").fill("0.04");
  await expect(page.getByTestId("run-hyper-opt.lr")).toHaveAttribute("data-value", "0.04");
  await page.getByTestId("run-speed").selectOption("max");
  await page.getByTestId("run-toggle").click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "running");
  await expect.poll(() => chartNumber(page, "data-train-last"), { timeout: 150_000 }).toBeLessThan(0.4);
  // Space pauses (a click would wait for the busy page to settle); first leave the select.
  // Paused at once: a screenshot of the busy page first let the CPU run ~3,700 more steps at
  // this bold Adam rate, and one run's loss spiked to 1.0 from ~0.02 just before the pause.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Space");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "paused", { timeout: 30_000 });
  await shot(page, "20-train-paused");
  const first = await chartNumber(page, "data-train-first");
  const last = await chartNumber(page, "data-train-last");
  expect(last).toBeLessThan(first * 0.8);
  // Pausing evaluates the whole test split: a number without mini-batch noise.
  await expect.poll(() => chart(page).getAttribute("data-test-step")).toBe(String(await stepCount(page)));
  const testBefore = await chartNumber(page, "data-test-last");
  expect(testBefore).toBeLessThan(0.55);

  // One step, exactly.
  const before = await stepCount(page);
  await page.getByTestId("run-step").click();
  await expect.poll(() => stepCount(page)).toBe(before + 1);
  await page.keyboard.press(".");
  await expect.poll(() => stepCount(page)).toBe(before + 2);
  await page.waitForTimeout(300);
  expect(await stepCount(page)).toBe(before + 2);

  // A new learning rate while paused: the step reads it as an input; weights and step stay.
  await selectNode(page, "opt");
  await page.getByTestId("param-lr").fill("0.01");
  await expect(page.getByTestId("run-hyper-opt.lr")).toHaveAttribute("data-value", "0.01");
  expect(await stepCount(page)).toBe(before + 2);
  const atChange = await stepCount(page);
  for (let k = 0; k < 5; k++) await page.getByTestId("run-step").click();
  await expect.poll(() => stepCount(page)).toBe(atChange + 5);
  await expect(page.getByTestId("run-legend").locator("li")).toHaveCount(1);

  // Editing the graph while it trains pauses it, recompiles and keeps the weights.
  await page.getByTestId("run-speed").selectOption("3");
  await page.getByTestId("run-toggle").click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "running");
  await selectNode(page, "loss");
  await page.getByTestId("param-label_smoothing").fill("0.01");
  await expect(page.getByTestId("notice")).toContainText("Paused: the graph changed", { timeout: 40_000 });
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "paused");
  const atEdit = await stepCount(page);
  expect(atEdit).toBeGreaterThan(atChange + 5);
  // The recompiled run is evaluated at once: its test loss carries on from the trained one
  // (an untrained net scores ~0.69 on two classes).
  await expect.poll(() => chart(page).getAttribute("data-test-step")).toBe(String(atEdit));
  const testAfter = await chartNumber(page, "data-test-last");
  expect(testAfter).toBeLessThan(testBefore + 0.1);
  await page.getByTestId("run-step").click();
  await expect.poll(() => stepCount(page)).toBe(atEdit + 1);
  await expect(page.getByTestId("run-legend").locator("li")).toHaveCount(1);
  await shot(page, "21-train-edited");

  // Reset: fresh seeded weights, step 0, a second run overlaid on the first.
  await page.getByTestId("run-reset").click();
  await expect(page.getByTestId("run-legend").locator("li")).toHaveCount(2);
  await expect.poll(() => stepCount(page)).toBe(0);
  await page.getByTestId("run-toggle").click();
  await expect.poll(() => chartNumber(page, "data-train-points"), { timeout: 30_000 }).toBeGreaterThan(10);
  await page.getByTestId("run-toggle").dispatchEvent("click"); // pause: no wait for the busy page to settle
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "paused");
  await expect.poll(() => chartNumber(page, "data-series")).toBeGreaterThanOrEqual(4);
  await page.getByTestId("run-visible-1").uncheck();
  await expect.poll(() => chartNumber(page, "data-series")).toBe(2);
  await page.getByTestId("run-visible-1").check();
  await shot(page, "22-train-two-runs");

  expect(errors).toEqual([]);
});

test("a lost GPU: the run goes on on the CPU and the dock says so", async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, "?preset=spiral-mlp&present=1");
  await waitReady(page);
  // A budget the CPU cannot reach during the test: the run must still be going when it ends.
  await page.getByTestId("run-fold").click();
  await page.getByTestId("run-setting-steps").fill("100000");
  await page.getByTestId("run-setting-steps").press("Enter");
  await expect(page.getByTestId("run-status")).toContainText("100,000");
  await page.getByTestId("backend-choice").selectOption("webgpu");
  const notice = page.getByTestId("backend-notice");
  await expect(notice).toHaveAttribute("data-backend", "webgpu", { timeout: 60_000 });
  await waitReady(page);
  await page.getByTestId("run-speed").selectOption("max");
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Space");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "running");
  await expect.poll(() => stepCount(page), { timeout: 60_000 }).toBeGreaterThan(100);
  // Lose the training worker's device: its next command encoder destroys it first (what a
  // driver reset looks like to the page: device.lost, then every submit is dropped).
  const worker = page.workers().find((w) => w.url().includes("worker"));
  expect(worker, "the training worker").toBeTruthy();
  await worker!.evaluate(() => {
    const proto = GPUDevice.prototype;
    const make = proto.createCommandEncoder;
    proto.createCommandEncoder = function (this: GPUDevice, ...args: Parameters<typeof make>) {
      proto.createCommandEncoder = make;
      this.destroy();
      return make.apply(this, args);
    };
  });
  await expect(notice).toHaveAttribute("data-fallback", "true", { timeout: 30_000 });
  await expect(notice).toHaveAttribute("data-backend", "cpu");
  await expect(notice.locator(".backend-reason")).toHaveAttribute("title", /device lost at step \d+: \S/);
  await expect(notice).toContainText(
    /WebGPU failed at step \d+ \(device lost\)\. Training continued on the CPU from the weights of step \d+/,
  );
  // Training goes on, on the CPU, from where it was.
  const after = await stepCount(page);
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThan(after + 50);
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "running");
  await shot(page, "25-train-gpu-lost-1080p");
  await page.keyboard.press("Space");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "paused");
  expect(await chartNumber(page, "data-train-last")).toBeLessThan(0.69);
  expect(errors).toEqual([]);
});

test("on a projector and in an embedded slide", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page, "?preset=spiral-mlp&present=1");
  await waitReady(page);
  // WebGPU, chosen: it trains on SwiftShader and the notice names it.
  await page.getByTestId("backend-choice").selectOption("webgpu");
  const notice = page.getByTestId("backend-notice");
  await expect(notice).toHaveAttribute("data-backend", "webgpu", { timeout: 60_000 });
  await expect(notice).toContainText(/WebGPU.*google\/swiftshader \(software\)/);
  await waitReady(page);
  await page.getByTestId("run-speed").selectOption("max");
  // Keys typed into a field belong to it: leave the select before using the keyboard.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Space");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "running");
  await expect.poll(() => chartNumber(page, "data-train-points"), { timeout: 60_000 }).toBeGreaterThan(10);
  await page.keyboard.press("Space");
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "paused");
  // Legible from the back row: the run button and the chart's tick labels are large.
  const button = await page.getByTestId("run-toggle").boundingBox();
  expect(button!.height).toBeGreaterThanOrEqual(48);
  const tick = await page
    .locator(".chart-grid text")
    .first()
    .evaluate((el) => getComputedStyle(el).fontSize);
  expect(Number.parseFloat(tick)).toBeGreaterThanOrEqual(16);
  await shot(page, "23-train-present-1080p");

  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page, "?preset=xor-mlp&embed=1");
  const bar = page.getByTestId("embed-run-bar");
  await expect(bar.getByTestId("run-toggle")).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByTestId("run-reset")).toHaveCount(0);
  await bar.getByTestId("run-step").click();
  await expect.poll(() => stepCount(page)).toBe(1);
  await bar.getByTestId("run-toggle").click();
  await expect.poll(() => stepCount(page), { timeout: 30_000 }).toBeGreaterThan(5);
  await bar.getByTestId("run-toggle").dispatchEvent("click"); // pause: no wait for the busy page to settle
  await shot(page, "24-train-embed");
});
