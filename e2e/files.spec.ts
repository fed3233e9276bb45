// Opening files: a malformed one is explained problem by problem and changes nothing; a good
// one dropped on the canvas opens. Export for slides as PNG and SVG.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { ARTIFACTS, nodeIds, openApp, shot } from "./helpers";

const badSchema = JSON.stringify({
  format: "wiregrad-graph",
  version: 1,
  meta: {},
  nodes: [{ id: "fc", type: "Linear", params: {}, position: { x: 0 } }],
  edges: [{ id: "e1", source: { node: "ghost", port: "out" }, target: { node: "fc", port: "in" } }],
});

test("a malformed upload lists its problems and leaves the graph untouched", async ({ page }) => {
  await openApp(page, "?preset=xor-mlp");
  const before = await nodeIds(page);
  const input = page.getByTestId("open-file-input");

  await input.setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from('{"nodes": [1, 2,]}'),
  });
  const dialog = page.getByTestId("load-problems");
  await expect(dialog).toContainText("broken.json could not be opened");
  await expect(dialog).toContainText("line 1");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  await input.setInputFiles({
    name: "wrong.json",
    mimeType: "application/json",
    buffer: Buffer.from(badSchema),
  });
  await expect(dialog.locator("tbody tr").first()).toBeVisible();
  await expect(dialog).toContainText("nodes[0].position.y");
  await shot(page, "12-malformed-upload");
  await page.getByTestId("dialog-close").click();
  expect(await nodeIds(page)).toEqual(before);
});

test("a file dropped on the canvas opens; the canvas exports as PNG and SVG", async ({ page }) => {
  await openApp(page);
  const text = readFileSync(join(import.meta.dirname, "../presets/xor-mlp.json"), "utf8");
  await page.locator(".react-flow__pane").evaluate((pane, body) => {
    const dt = new DataTransfer();
    dt.items.add(new File([body], "xor.json", { type: "application/json" }));
    pane.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  await expect(page.locator(".react-flow__node")).toHaveCount(6);
  await expect(page.getByTestId("notice")).toContainText("Opened xor.json");

  const [png] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tool-png").click()]);
  const pngPath = join(ARTIFACTS, "export.png");
  await png.saveAs(pngPath);
  expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe("PNG");

  const [svg] = await Promise.all([page.waitForEvent("download"), page.getByTestId("tool-svg").click()]);
  const svgPath = join(ARTIFACTS, "export.svg");
  await svg.saveAs(svgPath);
  const svgText = readFileSync(svgPath, "utf8");
  expect(svgText).toContain("<svg");
  expect(svgText).toContain("CrossEntropyLoss");
  expect(svgText).toContain("[B, 8]");
});
