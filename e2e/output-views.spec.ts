// Output views in the page: the spiral's decision boundary appears and changes as it trains,
// linear regression draws its fitted line, and every kind of view is photographed large at
// projector sizes (e2e/artifacts/ov-*.png) for a person to look at.
import { expect, type Page, test } from "@playwright/test";
import { openApp, shot } from "./helpers";

const panel = (page: Page) => page.getByTestId("output-view");

/** "kind@step" of the view drawn now ("" while none). */
const shown = async (page: Page) => (await panel(page).getAttribute("data-shown")) ?? "";

async function openAndRun(page: Page, preset: string, steps: number) {
  await openApp(page, `?preset=${preset}`);
  await expect(page.getByTestId("run-toggle")).toBeEnabled({ timeout: 60_000 });
  await unfoldDock(page);
  await page.getByTestId("run-speed").selectOption("max");
  await page.getByTestId("run-toggle").click();
  await expect
    .poll(async () => Number((await shown(page)).split("@")[1] ?? 0), { timeout: 180_000 })
    .toBeGreaterThanOrEqual(steps);
  // Left running (or stopped at its budget): pausing near the budget races the worker's own stop.
}

/** Opens the training dock if it starts folded (it does for a graph with no data). */
async function unfoldDock(page: Page) {
  const fold = page.getByTestId("run-fold");
  if ((await fold.getAttribute("aria-expanded")) === "false") await fold.click();
}

/** Steps until a view is drawn: a step only computes one once the panel's watch has reached the worker. */
async function stepUntilShown(page: Page) {
  await expect(page.getByTestId("run-toggle")).toBeEnabled({ timeout: 60_000 });
  await unfoldDock(page);
  await expect
    .poll(
      async () => {
        await page.getByTestId("run-step").click();
        return shown(page);
      },
      { timeout: 30_000 },
    )
    .toMatch(/@/);
}

test("spiral: the decision boundary appears and changes while it trains", async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await openApp(page, "?preset=spiral-mlp");
  await stepUntilShown(page);
  const boundary = panel(page).getByTestId("ov-decision-boundary");
  await expect(boundary).toBeVisible({ timeout: 30_000 });
  const field = boundary.locator("image");
  const before = await field.getAttribute("href");
  await page.getByTestId("run-speed").selectOption("max");
  await page.getByTestId("run-toggle").click();
  await expect
    .poll(async () => Number((await shown(page)).split("@")[1]), { timeout: 90_000 })
    .toBeGreaterThan(200);
  // The field is drawn from the model: while it trains it becomes a different picture. (Not
  // paused first: on a busy machine the worker may take longer to stop than a check waits.)
  await expect.poll(() => field.getAttribute("href"), { timeout: 60_000 }).not.toBe(before);
  // 400 points: 320 train (filled) and 80 test (outlined), drawn as one path per class and split.
  await expect(boundary.locator("path[fill='white']")).toHaveCount(2);
  expect(errors).toEqual([]);
});

test("linear regression: the fitted line", async ({ page }) => {
  test.setTimeout(180_000);
  await openAndRun(page, "linear-regression", 100);
  const curve = panel(page).getByTestId("ov-fit-curve");
  await expect(curve).toBeVisible();
  await expect(curve.locator("path.ov-curve")).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
});

/** One preset per kind of view, photographed large at each projector size. */
const SHOTS: [preset: string, kind: string, steps: number][] = [
  ["spiral-mlp", "decision-boundary", 600],
  ["linear-regression", "fit-curve", 150],
  ["regularisation-overfit", "fit-curve", 600],
  ["mnist-mlp", "image-predictions", 60],
  ["vae-mnist", "generative", 80],
  ["optimisers", "loss-surface", 600],
  ["autodiff-scalar", "loss-surface", 0],
  ["rnn-sine", "sequence", 150],
  ["embeddings", "embedding-scatter", 200],
  ["gan-2d", "samples-2d", 300],
  ["gumbel-softmax", "categorical", 200],
  ["monte-carlo", "traces", 200],
];

// Every view at projector size; at laptop size the three with the densest layouts (the rest
// share their frames), unless WIREGRAD_SHOTS=all asks for every one.
const LAPTOP = new Set(["spiral-mlp", "mnist-mlp", "optimisers"]);
for (const [w, h] of [
  [1280, 720],
  [1920, 1080],
]) {
  for (const [preset, kind, steps] of SHOTS) {
    if (w === 1280 && !LAPTOP.has(preset) && process.env.WIREGRAD_SHOTS !== "all") continue;
    test(`${kind} of ${preset} at ${w}×${h}`, async ({ page }) => {
      test.setTimeout(300_000);
      await page.setViewportSize({ width: w, height: h });
      if (steps > 0) await openAndRun(page, preset, steps);
      else {
        await openApp(page, `?preset=${preset}`);
        await stepUntilShown(page);
      }
      if (await page.getByTestId("ov-picker").isVisible())
        await page.getByTestId("ov-picker").selectOption(kind);
      await expect(panel(page).getByTestId(`ov-${kind}`)).toBeVisible({ timeout: 30_000 });
      await shot(page, `ov-${preset}-${w}-dock`);
      await page.getByTestId("ov-expand").click();
      await expect(page.getByTestId("ov-overlay").getByTestId(`ov-${kind}`)).toBeVisible();
      await shot(page, `ov-${preset}-${w}`);
      await page.keyboard.press("Escape");
      await expect(page.getByTestId("ov-overlay")).toHaveCount(0);
    });
  }
}
