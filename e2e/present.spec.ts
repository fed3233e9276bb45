// Presentation mode for a projector, and embed mode for an iframe in slides.
import { expect, test } from "@playwright/test";
import { openApp, shot } from "./helpers";

test("presentation mode hides the chrome, from ?present=1 and from the P key", async ({ page }) => {
  await openApp(page, "?preset=mnist-cnn&present=1");
  await expect(page.getByTestId("app")).toHaveAttribute("data-mode", "mode-present");
  await expect(page.getByTestId("toolbar")).toBeHidden();
  await expect(page.getByRole("complementary", { name: "Blocks" })).toBeHidden();
  await expect(page.getByTestId("inspector")).toBeHidden();
  await expect(page.getByTestId("exit-present")).toBeVisible();
  const title = await page
    .locator(".block-title")
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(title).toBeGreaterThanOrEqual(17);
  await page.waitForTimeout(400);
  // Legible from the back row: the view never zooms out so far that a title drops below ~14px.
  const onScreen = await page
    .locator(".block-title")
    .first()
    .evaluate((el) => el.getBoundingClientRect().height);
  expect(onScreen).toBeGreaterThanOrEqual(18);
  await shot(page, "08-presentation");

  // With nothing selected the arrow keys walk the view along the graph.
  const viewport = () =>
    page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);
  const before = await viewport();
  await page.keyboard.press("ArrowRight");
  await expect.poll(viewport).not.toBe(before);

  await page.keyboard.press("p");
  await expect(page.getByTestId("toolbar")).toBeVisible();
  await expect(page.getByTestId("inspector")).toBeVisible();
  await page.keyboard.press("p");
  await expect(page.getByTestId("toolbar")).toBeHidden();
  await page.keyboard.press("t");
  await page.waitForTimeout(400);
  await shot(page, "09-presentation-dark");
});

test("embed mode shows the canvas only", async ({ page }) => {
  await openApp(page, "?preset=xor-mlp&embed=1");
  await expect(page.getByTestId("app")).toHaveAttribute("data-mode", "mode-embed");
  await expect(page.getByTestId("toolbar")).toHaveCount(0);
  await expect(page.getByTestId("inspector")).toHaveCount(0);
  await expect(page.getByTestId("exit-present")).toHaveCount(0);
  await expect(page.locator(".react-flow__node")).toHaveCount(6);
  // In an iframe the preset stays in the address, so every reload of the slide shows it afresh.
  expect(new URL(page.url()).searchParams.get("preset")).toBe("xor-mlp");
  await page.waitForTimeout(300);
  await shot(page, "11-embed");
});
