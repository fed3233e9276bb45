// A share link carries the whole graph in its hash; opening it loads that graph.
import { expect, test } from "@playwright/test";
import { nodeIds, openApp, selectNode } from "./helpers";

test("a share link round-trips the graph, edits included", async ({ page, context }) => {
  await openApp(page, "?preset=xor-mlp");
  await selectNode(page, "fc1");
  await page.getByTestId("param-out_features").fill("32");
  await expect(page.getByTestId("shape-fc1-out")).toHaveText("[B, 32]");
  const ids = await nodeIds(page);

  await page.getByTestId("tool-share").click();
  const url = await page.getByTestId("share-url").inputValue();
  expect(url).toMatch(/#g=[A-Za-z0-9_-]+$/);

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByTestId("shape-fc1-out")).toHaveText("[B, 32]");
  expect(await nodeIds(other)).toEqual(ids);
  await expect(other.getByTestId("doc-title")).toHaveText("XOR with a small MLP");
  // The hash is dropped once loaded, so a reload keeps later edits instead of reloading the link.
  await expect.poll(() => new URL(other.url()).hash).toBe("");

  // A damaged link says so and opens nothing.
  const broken = await context.newPage();
  await broken.goto("/#g=AAAA");
  await expect(broken.getByTestId("load-problems")).toContainText("damaged");
});
