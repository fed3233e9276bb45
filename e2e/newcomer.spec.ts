// The newcomer path: build a classifier from the palette, see the shapes, make and
// fix a shape error, undo and redo, reload, and round-trip the graph through a file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import {
  ARTIFACTS,
  dragBlock,
  edgeLabel,
  mod,
  node,
  nodeIds,
  openApp,
  port,
  selectNode,
  shot,
  wire,
} from "./helpers";

test("a newcomer builds, breaks, fixes, reloads and saves a classifier", async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId("empty-hint")).toBeVisible();
  // Nothing to train yet: the run dock and the inspector say the same, and why.
  await expect(page.getByTestId("run-phase")).toHaveText("cannot train yet");
  await expect(page.getByTestId("graph-untrainable")).toContainText("the graph is empty");
  await shot(page, "01-empty");

  // Three columns of blocks with room for the shapes between them, on the 700px canvas at 1280×720.
  await page.keyboard.press("-");
  await page.waitForTimeout(250);
  await dragBlock(page, "Input", 40, 50);
  await dragBlock(page, "Linear", 290, 50);
  await dragBlock(page, "ReLU", 540, 50);
  await dragBlock(page, "Linear", 40, 270);
  await dragBlock(page, "CrossEntropyLoss", 290, 270);
  await dragBlock(page, "Dataset", 40, 460);
  await dragBlock(page, "Adam", 540, 460);
  expect(await nodeIds(page)).toEqual(["x1", "fc1", "relu1", "fc2", "loss1", "data1", "adam1"]);

  await wire(page, "x1.out", "fc1.in");
  await wire(page, "fc1.out", "relu1.in");
  await wire(page, "relu1.out", "fc2.in");
  await wire(page, "fc2.out", "loss1.input");
  await wire(page, "data1.y", "loss1.target");
  await wire(page, "loss1.loss", "adam1.loss");

  // Shapes appear on the wires, with the batch as B.
  await expect(edgeLabel(page, "x1.out", "fc1.in")).toHaveText("[B, 2]");
  await expect(edgeLabel(page, "fc1.out", "relu1.in")).toHaveText("[B, 8]");
  await expect(edgeLabel(page, "data1.y", "loss1.target")).toHaveText("[B]");
  await expect(page.getByTestId("shape-loss1-loss")).toHaveText("[]");
  await expect(page.locator('[data-errors]:not([data-errors="0"])')).toHaveCount(0);
  await shot(page, "02-wired");

  // Break it: images into the MLP. The loss's target port gets the error, with expected vs actual.
  await selectNode(page, "x1");
  await page.getByTestId("param-shape").fill("1, 28, 28");
  await expect(port(page, "loss1", "target")).toHaveAttribute("data-issue", "error");
  await expect(page.getByTestId("error-badge-loss1")).toBeVisible();
  await expect(edgeLabel(page, "data1.y", "loss1.target")).toHaveAttribute("data-bad", "true");
  await expect(page.getByTestId("issue-loss1")).toContainText("expected");
  await expect(page.getByTestId("issue-loss1")).toContainText("got [B]");
  // The Linear that receives the image is where the cure goes.
  await expect(port(page, "fc1", "in")).toHaveAttribute("data-issue", "warning");
  await page.keyboard.press("Escape");
  await shot(page, "03-shape-error");

  // One click inserts a Flatten on fc1's input; every error is gone.
  await page.getByTestId("fix-fc1").click();
  await expect(node(page, "flatten1")).toBeVisible();
  await expect(page.getByTestId("shape-flatten1-out")).toHaveText("[B, 784]");
  await expect(port(page, "loss1", "target")).not.toHaveAttribute("data-issue", "error");
  await expect(page.locator('[data-errors]:not([data-errors="0"])')).toHaveCount(0);

  // Undo brings the error back in one step; redo fixes it again.
  await page.keyboard.press(`${mod}+z`);
  await expect(node(page, "flatten1")).toHaveCount(0);
  await expect(port(page, "loss1", "target")).toHaveAttribute("data-issue", "error");
  await page.keyboard.press(`${mod}+Shift+z`);
  await expect(node(page, "flatten1")).toBeVisible();
  await expect(port(page, "loss1", "target")).not.toHaveAttribute("data-issue", "error");

  // Reload: the autosave brings the whole graph back.
  const before = await nodeIds(page);
  await page.waitForTimeout(400);
  await page.reload();
  await expect(node(page, "flatten1")).toBeVisible();
  expect(await nodeIds(page)).toEqual(before);
  await expect(page.getByTestId("shape-flatten1-out")).toHaveText("[B, 784]");

  // Save to a file, start a new graph, open the file: the same graph.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("tool-save").click(),
  ]);
  const saved = join(ARTIFACTS, "newcomer-graph.json");
  await download.saveAs(saved);
  const json = JSON.parse(readFileSync(saved, "utf8"));
  expect(json.format).toBe("wiregrad-graph");
  expect(json.nodes).toHaveLength(8);
  expect(json.edges).toHaveLength(7);

  await page.getByTestId("tool-new").click();
  await expect(page.getByTestId("empty-hint")).toBeVisible();
  await page.getByTestId("open-file-input").setInputFiles(saved);
  await expect(node(page, "flatten1")).toBeVisible();
  expect(await nodeIds(page)).toEqual(before);
  await expect(edgeLabel(page, "loss1.loss", "adam1.loss")).toHaveText("[]");
});
