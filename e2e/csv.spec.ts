// Your own data: paste or drop a CSV, pick the column to predict, add it as a Dataset block
// whose ports carry the table's shapes; a bad row is named by its line before anything changes.
import { expect, test } from "@playwright/test";
import { mod, nodeIds, openApp, port, selectNode, shot } from "./helpers";

const FLOWERS = `sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
4.9,3.0,1.4,0.2,setosa
7.0,3.2,4.7,1.4,versicolor
6.4,3.2,4.5,1.5,versicolor
6.3,3.3,6.0,2.5,virginica
5.8,2.7,5.1,1.9,virginica
6.9,3.1,5.4,2.1,virginica
`;

test("a pasted table becomes a Dataset block with its shapes; undo takes it away", async ({ page }) => {
  await openApp(page);
  await page.getByTestId("tool-csv").click();
  const dialog = page.getByTestId("csv-dialog");
  await expect(dialog).toBeVisible();
  await page.getByTestId("csv-text").fill(FLOWERS);
  // The preview shows the header and the first rows with their file lines.
  const preview = page.getByTestId("csv-preview");
  await expect(preview.locator("thead th")).toHaveText([
    "line",
    "sepal_length",
    "sepal_width",
    "petal_length",
    "petal_width",
    "species",
  ]);
  await expect(preview.locator("tbody tr").first()).toContainText("2");
  await page.getByTestId("csv-target").selectOption("species");
  await expect(page.getByTestId("csv-task")).toHaveValue("classification");
  await expect(page.getByTestId("csv-summary")).toContainText(
    "7 rows · x has 4 features · y is one of 3 classes",
  );
  await shot(page, "csv-dialog");

  const before = await nodeIds(page);
  await page.getByTestId("csv-add").click();
  await expect(dialog).toHaveCount(0);
  const added = (await nodeIds(page)).filter((id) => !before.includes(id));
  expect(added).toHaveLength(1);
  const id = added[0];
  await expect(page.getByTestId(`shape-${id}-x`)).toHaveText("[B, 4]");
  await expect(page.getByTestId(`shape-${id}-y`)).toHaveText("[B]");
  // The inspector shows the block's table and target.
  await expect(page.getByTestId("param-name")).toHaveValue("csv");
  await expect(page.getByTestId("param-target")).toHaveValue("species");
  await shot(page, "csv-added");

  await page.locator(".react-flow__pane").click({ position: { x: 40, y: 40 } });
  await page.keyboard.press(`${mod}+z`);
  await expect(page.getByTestId(`node-${id}`)).toHaveCount(0);
});

test("a regression target gives y [B, 1]; with a Dataset selected its table is replaced, wires kept", async ({
  page,
}) => {
  await openApp(page, "?preset=spiral-mlp");
  await selectNode(page, "data");
  await page.getByTestId("tool-csv").click();
  await page.getByTestId("csv-text").fill("price,rooms,area\n210.5,3,80\n340,4,120\n150.25,2,55\n");
  await page.getByTestId("csv-target").selectOption("price");
  await expect(page.getByTestId("csv-task")).toHaveValue("regression");
  await expect(page.getByTestId("csv-summary")).toContainText("y is a number");
  await page.getByTestId("csv-replace").click();
  await expect(page.getByTestId("shape-data-x")).toHaveText("[B, 2]");
  await expect(page.getByTestId("shape-data-y")).toHaveText("[B, 1]");
  expect(await nodeIds(page)).toContain("fc1");
  // The classifier's loss now meets a regression target: the editor says so at the port.
  await expect(port(page, "loss", "target")).toHaveAttribute("data-issue", "error");
  // Only the csv dataset's own params are offered: no n_samples or noise for a table.
  await expect(page.getByTestId("param-target")).toHaveValue("price");
  await expect(page.getByTestId("param-n_samples")).toHaveCount(0);
  await shot(page, "csv-replaced");
  await page.keyboard.press(`${mod}+z`);
  await expect(page.getByTestId("shape-data-y")).toHaveText("[B]");
});

test("a bad row is named by its line, and nothing can be added until it is fixed", async ({ page }) => {
  await openApp(page);
  await page.getByTestId("tool-csv").click();
  await page.getByTestId("csv-text").fill("a,b,label\n1,2,0\n3,x,1\n4,5\n6,7,1\n");
  const errors = page.getByTestId("csv-errors");
  await expect(errors).toContainText('line 3, column "b": "x" is not a number');
  await expect(errors).toContainText("line 4 has 2 fields, the header has 3");
  await expect(page.getByTestId("csv-add")).toBeDisabled();
  await shot(page, "csv-bad-row");
  await page.getByTestId("csv-text").fill("a,b,label\n1,2,0\n3,8,1\n4,5,0\n6,7,1\n");
  await expect(errors).toHaveCount(0);
  await expect(page.getByTestId("csv-add")).toBeEnabled();
});

test("a .csv dropped on the canvas opens the dialog with its rows", async ({ page }) => {
  await openApp(page);
  await page.locator(".react-flow__pane").evaluate((pane, body) => {
    const dt = new DataTransfer();
    dt.items.add(new File([body], "flowers.csv", { type: "text/csv" }));
    pane.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, FLOWERS);
  await expect(page.getByTestId("csv-dialog")).toContainText("from flowers.csv");
  await expect(page.getByTestId("csv-preview").locator("tbody tr")).toHaveCount(5);
  await expect(page.getByTestId("csv-dialog")).toContainText("First 5 of 7 rows.");
  // The last column is the target until another is chosen.
  await expect(page.getByTestId("csv-target")).toHaveValue("species");
});
