// Wiring rules on the canvas, editing in the inspector, and what each does to undo.
import { expect, test } from "@playwright/test";
import { autoLayout, edgeLabel, mod, node, openApp, port, selectNode, shot, wire } from "./helpers";

const translateOf = (page: import("@playwright/test").Page, id: string) =>
  page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => (el as HTMLElement).style.transform);

test("an occupied input is rewired, a bad wire is red with its reason, a loop is refused", async ({
  page,
}) => {
  await openApp(page, "?preset=xor-mlp");
  await page.getByTestId("palette-Input").click();
  await expect(node(page, "x1")).toBeVisible();
  await page.getByTestId("param-shape").fill("5");

  // The new block landed in the middle of the graph; auto-layout makes room for it.
  await page.keyboard.press("Escape");
  await autoLayout(page);

  // fc1.in already has data.x: the new wire replaces it.
  await wire(page, "x1.out", "fc1.in");
  await expect(page.getByTestId("rf__edge-data.x->fc1.in")).toHaveCount(0);
  await expect(edgeLabel(page, "x1.out", "fc1.in")).toHaveText("[B, 5]");

  // A target of the wrong shape is drawn red, and hovering says why.
  await wire(page, "x1.out", "loss.target");
  const label = edgeLabel(page, "x1.out", "loss.target");
  await expect(label).toHaveAttribute("data-bad", "true");
  await expect(port(page, "loss", "target")).toHaveAttribute("data-issue", "error");
  await label.hover();
  await expect(page.getByTestId("wire-reason")).toBeVisible();
  await expect(page.getByTestId("wire-reason")).toContainText("for input [B, 2], got [B, 5]");
  await shot(page, "04-bad-wire-reason");

  // A wire that would close a loop is refused with a notice.
  await wire(page, "act1.out", "fc1.in");
  await expect(page.getByTestId("notice")).toContainText("loop");
  await expect(page.getByTestId("rf__edge-act1.out->fc1.in")).toHaveCount(0);
});

test("inspector: validation as you type, param count, freeze, and a drag or a scrub is one undo step", async ({
  page,
}) => {
  await openApp(page, "?preset=xor-mlp");
  await selectNode(page, "fc1");
  await expect(page.getByTestId("block-doc")).toContainText("W");
  await expect(page.getByTestId("param-count")).toContainText("24");

  const field = page.getByTestId("param-out_features");
  await field.fill("abc");
  await expect(page.getByTestId("param-error-out_features")).toContainText("not a number");
  await expect(page.getByTestId("shape-fc1-out")).toHaveText("[B, 8]");
  await field.fill("0");
  await expect(page.getByTestId("param-error-out_features")).toContainText("≥ 1");
  await field.fill("16");
  await expect(page.getByTestId("param-error-out_features")).toHaveCount(0);
  await expect(page.getByTestId("shape-fc1-out")).toHaveText("[B, 16]");
  await expect(page.getByTestId("param-count")).toContainText("48");
  await shot(page, "06-inspector");

  // Typing "16" was two edits of one field: one undo step takes it back to 8.
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+z`);
  await expect(page.getByTestId("shape-fc1-out")).toHaveText("[B, 8]");

  // Freeze shows a badge; undo removes it.
  await selectNode(page, "fc1");
  await page.getByTestId("freeze-toggle").check();
  await expect(node(page, "fc1").locator(".badge-frozen")).toBeVisible();
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+z`);
  await expect(node(page, "fc1").locator(".badge-frozen")).toHaveCount(0);

  // A slider scrub through many values is one step.
  await selectNode(page, "opt");
  const slider = page.getByTestId("slider-lr");
  const lrBefore = await page.getByTestId("param-lr").inputValue();
  const s = (await slider.boundingBox())!;
  await page.mouse.move(s.x + s.width * 0.3, s.y + s.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 6; i++) await page.mouse.move(s.x + s.width * (0.3 + i * 0.08), s.y + s.height / 2);
  await page.mouse.up();
  await expect(page.getByTestId("param-lr")).not.toHaveValue(lrBefore);
  await page.locator(".react-flow__pane").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press(`${mod}+z`);
  await selectNode(page, "opt");
  await expect(page.getByTestId("param-lr")).toHaveValue(lrBefore);

  // A drag is one step however far it goes.
  const start = await translateOf(page, "act1");
  const title = (await node(page, "act1").locator(".block-title").boundingBox())!;
  await page.mouse.move(title.x + 5, title.y + 5);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(title.x + 5 + i * 12, title.y + 5 + i * 8);
  await page.mouse.up();
  expect(await translateOf(page, "act1")).not.toBe(start);
  await page.keyboard.press(`${mod}+z`);
  await expect.poll(() => translateOf(page, "act1")).toBe(start);
});
