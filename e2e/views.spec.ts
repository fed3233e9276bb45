// The remaining main views, kept as screenshots for a person to look at: the gallery with
// recent graphs, the help overlay, a larger preset in the dark theme.
import { expect, test } from "@playwright/test";
import { node, openApp, shot } from "./helpers";

test("gallery, recent graphs, help overlay and the dark theme", async ({ page }) => {
  await openApp(page, "?preset=xor-mlp");
  await page.keyboard.press("g");
  const library = page.getByTestId("library");
  await expect(library.getByTestId("recent-list")).toContainText("XOR with a small MLP");
  await expect(library.getByTestId("preset-spiral-mlp")).toBeVisible();
  await shot(page, "13-gallery");
  await library.getByTestId("preset-spiral-mlp").click();
  await expect(page.getByTestId("doc-title")).not.toHaveText("XOR with a small MLP");

  // The xor graph is still one click away in the recent list.
  await page.getByTestId("tool-library").click();
  await page
    .getByTestId("recent-list")
    .getByRole("button", { name: /^XOR with a small MLP/ })
    .click();
  await expect(page.getByTestId("doc-title")).toHaveText("XOR with a small MLP");
  await expect(node(page, "act1")).toBeVisible();

  await page.keyboard.press("?");
  await expect(page.getByTestId("help-overlay")).toContainText("Quick-add");
  await shot(page, "14-help");
  await page.keyboard.press("Escape");

  await page.getByTestId("tool-theme").click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await node(page, "fc1").locator(".block-title").click();
  await page.waitForTimeout(300);
  await shot(page, "15-dark-inspector");
});
