// Copy and paste carry GraphDoc JSON through the clipboard: within a tab, between tabs, and
// a paste of ten blocks is one undo step.
import { expect, test } from "@playwright/test";
import { mod, node, nodeIds, openApp, selectNode, shot } from "./helpers";

test("copy, paste, duplicate and cut, each one undo step, also into another tab", async ({
  page,
  context,
}) => {
  await openApp(page, "?preset=xor-mlp");
  await selectNode(page, "fc1");
  await node(page, "act1")
    .locator(".block-title")
    .click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("multi-inspector")).toContainText("2 blocks selected");

  await page.keyboard.press(`${mod}+c`);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toMatchObject({
    format: "wiregrad-graph",
    nodes: [{ id: "fc1" }, { id: "act1" }],
  });

  const pane = await page.locator(".react-flow__pane").boundingBox();
  await page.mouse.move(pane!.x + 120, pane!.y + pane!.height - 120);
  await page.keyboard.press(`${mod}+v`);
  await expect(node(page, "fc2")).toBeVisible();
  // Copies get fresh ids named after their type; the wire between them came along.
  await expect(node(page, "tanh1")).toBeVisible();
  await expect(page.getByTestId("rf__edge-fc2.out->tanh1.in")).toHaveCount(1);
  await expect(page.getByTestId("multi-inspector")).toContainText("2 blocks selected");
  await shot(page, "10-pasted");

  await page.keyboard.press(`${mod}+z`);
  await expect(node(page, "fc2")).toHaveCount(0);
  await expect(node(page, "tanh1")).toHaveCount(0);

  // Duplicate is copy and paste in one go.
  await selectNode(page, "out");
  await page.keyboard.press(`${mod}+d`);
  await expect(node(page, "fc2")).toBeVisible();

  // Cut removes the selection and keeps it on the clipboard.
  await page.keyboard.press(`${mod}+x`);
  await expect(node(page, "fc2")).toHaveCount(0);
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())).nodes[0].id).toBe("fc2");

  // Another tab pastes what this one copied.
  await selectNode(page, "fc1");
  await page.keyboard.press(`${mod}+c`);
  const other = await context.newPage();
  await openApp(other, "?preset=linear-regression");
  const before = await nodeIds(other);
  await other.locator(".react-flow__pane").click({ position: { x: 80, y: 80 } });
  await other.keyboard.press(`${mod}+v`);
  await expect.poll(() => nodeIds(other)).toHaveLength(before.length + 1);
  expect((await nodeIds(other)).at(-1)).toMatch(/^fc\d+$/);
});
