// The quick-add box: "/" at the cursor or a double-click on empty canvas, filter as you
// type, Enter places the block where the box opened.
import { expect, test } from "@playwright/test";
import { node, openApp, shot } from "./helpers";

test("quick-add places the chosen block at the cursor, from / and from a double-click", async ({ page }) => {
  await openApp(page);
  await page.mouse.move(520, 260);
  await page.keyboard.press("/");
  const box = page.getByTestId("quick-add");
  await expect(box).toBeVisible();
  await page.keyboard.type("relu");
  await expect(box.getByRole("option").first()).toContainText("ReLU");
  await shot(page, "05-quick-add");
  await page.keyboard.press("Enter");
  await expect(box).toHaveCount(0);
  const relu = await node(page, "relu1").boundingBox();
  expect(Math.abs(relu!.x - 520)).toBeLessThan(4);
  expect(Math.abs(relu!.y - 260)).toBeLessThan(4);

  // Double-click on empty canvas; arrows choose among the matches.
  await page.mouse.dblclick(420, 480);
  await expect(box).toBeVisible();
  await page.keyboard.type("loss");
  await page.keyboard.press("ArrowDown");
  const second = (await box.getByRole("option").nth(1).locator(".palette-name").textContent())!;
  await page.keyboard.press("Enter");
  await expect(page.locator(".block-title", { hasText: new RegExp(`^${second}$`) })).toBeVisible();
  const placed = await page.locator(".react-flow__node").last().boundingBox();
  expect(Math.abs(placed!.x - 420)).toBeLessThan(4);

  // Escape closes it without adding anything.
  await page.mouse.move(700, 200);
  await page.keyboard.press("/");
  await page.keyboard.press("Escape");
  await expect(box).toHaveCount(0);
  await expect(page.locator(".react-flow__node")).toHaveCount(2);
});

test("a block is added and wired with the keyboard alone", async ({ page }) => {
  await openApp(page);
  // The app's keys are live once the canvas shows (useGlobalKeys attaches before paint).
  // Typed only once the box is open: on a loaded machine keys sent sooner land on the canvas.
  await page.keyboard.press("/");
  await expect(page.getByTestId("quick-add")).toBeVisible();
  await page.keyboard.type("input");
  await page.keyboard.press("Enter");
  await expect(node(page, "x1")).toBeVisible();
  await page.keyboard.press("/");
  await expect(page.getByTestId("quick-add")).toBeVisible();
  await page.keyboard.type("linear");
  await page.keyboard.press("Enter");
  await expect(node(page, "fc1")).toBeVisible();
  // The new block is selected, so the inspector offers what may feed its input.
  await page.getByTestId("source-in").focus();
  await page.getByTestId("source-in").selectOption({ label: "x1.out" });
  await expect(page.getByTestId("shape-fc1-out")).toHaveText("[B, 8]");
  await expect(page.getByTestId("rf__edge-x1.out->fc1.in")).toHaveCount(1);
});
