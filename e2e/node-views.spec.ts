// Live views on the nodes: the spiral preset trains in the page; every block shows its output
// (the Playground planes for this 2-D problem) and the pictures change as it learns; the
// gradient view draws each wire by the gradient flowing back along it; a learning rate far too
// high pins a NaN/Inf warning on the block where it first appears. Values are read from data
// attributes; the screenshots are for a person to look at.
import { expect, type Page, test } from "@playwright/test";
import { node, openApp, selectNode, shot } from "./helpers";

const stepCount = async (page: Page) =>
  Number(await page.getByTestId("run-step-count").getAttribute("data-step"));
const viewMean = async (page: Page, id: string) =>
  Number(await page.getByTestId(`live-view-${id}`).getAttribute("data-mean"));

async function waitReady(page: Page) {
  await expect(page.getByTestId("run-toggle")).toBeEnabled({ timeout: 30_000 });
}

/** Pauses the run; clicks again if the first click landed while the button still said Run. */
async function pause(page: Page) {
  const toggle = page.getByTestId("run-toggle");
  await expect(async () => {
    if ((await toggle.textContent())?.includes("Pause")) await toggle.click();
    await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "paused", { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
}

async function shots(page: Page, name: string) {
  for (const [w, h] of [
    [1280, 720],
    [1920, 1080],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.keyboard.press("f");
    await page.waitForTimeout(400);
    await shot(page, `${name}-${w}x${h}`);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test("node views: activations update while training, gradients on the wires", async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openApp(page, "?preset=spiral-mlp");
  await waitReady(page);

  await page.getByTestId("overlay-activations").click();
  // Probed at once while paused: every block gets its picture, the Playground planes for
  // the layers, a number for the loss.
  await expect(page.getByTestId("live-view-fc1")).toHaveAttribute("data-layout", "plane");
  await expect(page.getByTestId("live-view-act2")).toHaveAttribute("data-layout", "plane");
  await expect(page.getByTestId("live-view-loss")).toHaveAttribute("data-layout", "scalar");
  const before = await viewMean(page, "act1");

  await page.getByTestId("run-toggle").click();
  await expect(page.getByTestId("run-status")).toHaveAttribute("data-phase", "running", { timeout: 30_000 });
  // Two samples of the same view differ while it runs: the pictures follow the weights.
  await expect.poll(() => viewMean(page, "act1"), { timeout: 30_000 }).not.toBe(before);
  const running = await viewMean(page, "act1");
  await expect.poll(() => viewMean(page, "act1"), { timeout: 30_000 }).not.toBe(running);
  await pause(page);

  // One step while paused updates the views too.
  await page.waitForTimeout(300);
  const paused = await viewMean(page, "fc1");
  await page.getByTestId("run-step").click();
  await expect.poll(() => viewMean(page, "fc1")).not.toBe(paused);
  await selectNode(page, "fc1");
  await expect(page.getByTestId("live-history")).toBeVisible();
  await expect(page.getByTestId("history-weight-weight")).toBeVisible();
  await shots(page, "node-views-activations");

  // A block's view can be hidden on its own.
  await page.getByTestId("live-toggle-fc2").click();
  await expect(page.getByTestId("live-view-fc2")).toHaveCount(0);
  await page.getByTestId("live-toggle-fc2").click();
  await expect(page.getByTestId("live-view-fc2")).toBeVisible();

  // The gradient view: wire widths follow the gradient norms, log scale, with a legend.
  await page.getByTestId("overlay-gradients").click();
  await expect(page.getByTestId("gradient-legend")).toBeVisible();
  const wires = page.locator("[data-testid^='wire-grad-']");
  await expect(wires.first()).toBeVisible();
  const widths = await wires.evaluateAll((els) => els.map((e) => (e as SVGPathElement).style.strokeWidth));
  expect(widths.length).toBeGreaterThanOrEqual(6);
  expect(new Set(widths).size).toBeGreaterThanOrEqual(3);
  // The label wire carries no gradient (class indices are not differentiable): drawn dashed.
  const labelWire = page.getByTestId("wire-grad-data.y->loss.target");
  await expect(labelWire).toHaveAttribute("data-grad", "0");
  await shots(page, "node-views-gradients");
  expect(errors).toEqual([]);
});

test("a learning rate far too high: NaN/Inf is pinned on the block where it first appears", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, "?preset=linear-regression");
  await waitReady(page);
  await page.getByTestId("overlay-activations").click();
  await expect(page.getByTestId("live-view-fc")).toBeVisible();
  // 1000 is the largest rate the SGD block accepts: each step multiplies the error by about
  // −1000, so float32 overflows within a few steps.
  await selectNode(page, "opt");
  await page.getByTestId("param-lr").fill("1000");
  await expect(page.getByTestId("run-hyper-opt.lr")).toHaveAttribute("data-value", "1000");
  // Step by step, so the probe sees the very step where it happens.
  for (let k = 0; k < 40; k++) {
    if (await page.getByTestId("live-warning-loss").count()) break;
    const at = await stepCount(page);
    await page.getByTestId("run-step").click();
    await expect.poll(() => stepCount(page)).toBe(at + 1);
    await page.waitForTimeout(150);
  }
  const warning = page.getByTestId("live-warning-loss");
  await expect(warning).toBeVisible();
  await expect(warning).toHaveAttribute("data-kind", /nan/);
  await expect(warning).toContainText("NaN/Inf arises here");
  // Upstream blocks are finite: the warning is not on them.
  await expect(page.getByTestId("live-warning-fc")).toHaveCount(0);
  await expect(page.getByTestId("live-warning-data")).toHaveCount(0);
  // The full message is in the inspector.
  await selectNode(page, "loss");
  await expect(page.getByTestId("inspector-warning-nan")).toContainText("first appears here");
  await expect(node(page, "loss")).toBeVisible();
  await shots(page, "node-views-nan");
});
