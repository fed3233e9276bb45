// Step-through autodiff on the autodiff preset: walk forward, then backward until the
// gradient of x is final, and compare it with the analytic df/dx = cos(x)·y + 2x. Then the
// "check gradients" button on the spiral MLP.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { openApp, selectNode, shot } from "./helpers";

const preset = JSON.parse(
  readFileSync(join(import.meta.dirname, "../presets/autodiff-scalar.json"), "utf8"),
) as { nodes: { id: string; params: { value?: number[] } }[] };
const presetValue = (id: string) => preset.nodes.find((n) => n.id === id)!.params.value![0];

const counter = (page: Page) => page.getByTestId("step-counter");

test("steps through f(x, y) = sin(x)·y + x² to the gradient of x", async ({ page }) => {
  const x = presetValue("x");
  const y = presetValue("y");
  await openApp(page, "?preset=autodiff-scalar");
  await page.getByTestId("tool-stepthrough").click();
  await expect(page.getByTestId("stepthrough")).toBeVisible();
  await expect(counter(page)).toHaveText("forward 1/6");

  // The forward pass shows each value: sin(x) at the third step.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(counter(page)).toHaveText("forward 3/6");
  const sin = page.getByTestId("value-sin");
  await expect(sin).toBeVisible();
  expect(Number(await sin.getAttribute("data-value"))).toBeCloseTo(Math.sin(x), 12);
  await shot(page, "stepthrough-forward-1280");

  const finalX = page.locator('[data-testid="grad-x"][data-final="true"]');
  for (let i = 0; i < 20 && !(await finalX.isVisible()); i++) await page.keyboard.press("ArrowRight");
  await expect(finalX).toBeVisible();
  await expect(counter(page)).toHaveText(/^backward \d+\/\d+$/);
  const shown = Number(await finalX.getAttribute("data-value"));
  expect(Math.abs(shown - (Math.cos(x) * y + 2 * x))).toBeLessThan(1e-6);
  // The card names the local derivative it used.
  await expect(page.getByTestId("step-card")).toContainText("cos(x)");
  await shot(page, "stepthrough-backward-1280");

  const at = await counter(page).textContent();
  await page.keyboard.press("ArrowLeft");
  await expect(counter(page)).not.toHaveText(at ?? "");
  await expect(finalX).toHaveCount(0);
  await page.keyboard.press("n");
  await expect(counter(page)).toHaveText(at ?? "");

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.keyboard.press("End");
  await expect(counter(page)).toHaveText("gradients");
  expect(Number(await page.getByTestId("leaf-grad-y").getAttribute("data-value"))).toBeCloseTo(
    Math.sin(x),
    12,
  );
  await shot(page, "stepthrough-leaves-1920");
  await page.keyboard.press("ArrowLeft");
  await shot(page, "stepthrough-backward-1920");

  await page.keyboard.press("Escape");
  await expect(page.getByTestId("stepthrough")).toHaveCount(0);
  // The D key opens it again.
  await page.keyboard.press("d");
  await expect(page.getByTestId("stepthrough")).toBeVisible();
  // The help overlay lists the key.
  await page.keyboard.press("?");
  await expect(page.getByTestId("help-overlay")).toContainText("Step through autodiff");
});

test("expands one block of the spiral MLP into its primitives", async ({ page }) => {
  await openApp(page, "?preset=spiral-mlp");
  // The panel covers the lower canvas, so pick the block first (it can also be picked while open).
  await selectNode(page, "fc1");
  await page.keyboard.press("d");
  await expect(counter(page)).toHaveText(/^forward 1\/\d+$/);
  await page.getByTestId("step-expand").click();
  const heading = page.locator(".st-head h2");
  await expect(heading).toContainText("Step through block fc1");
  const n = Number((await counter(page).textContent())!.match(/\/(\d+)/)![1]);
  expect(n).toBeGreaterThan(1);
  expect(n).toBeLessThan(10);
  await shot(page, "stepthrough-expand-1280");
  await page.getByTestId("step-whole-graph").click();
  await expect(heading).not.toContainText("block fc1");
});

test("check gradients passes every parameter of the spiral MLP", async ({ page }) => {
  await openApp(page, "?preset=spiral-mlp");
  await expect(page.getByTestId("graph-inspector")).toBeVisible();
  await page.getByTestId("gradcheck-run").click();
  const results = page.getByTestId("gradcheck-results");
  await expect(results).toBeVisible({ timeout: 60_000 });
  await expect(results).toHaveAttribute("data-failed", "0");
  const rows = page.locator('[data-testid^="gradcheck-row-"]');
  await expect(rows).toHaveCount(6);
  for (const ok of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-ok"))))
    expect(ok).toBe("true");
  await results.scrollIntoViewIfNeeded();
  await shot(page, "gradcheck-1280");
});
