// Exporting a model to run elsewhere: PyTorch (model.py and its companions) and ONNX, and an
// .onnx file opened back as a graph.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ARTIFACTS, openApp, shot } from "./helpers";

/** Clicks a toolbar button and collects every download it starts, by file name. */
async function downloadsOf(page: Page, testId: string, count: number): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const all: Promise<void>[] = [];
  const seen = new Promise<void>((resolve) => {
    const on = (d: import("@playwright/test").Download) => {
      const path = join(ARTIFACTS, `export-${d.suggestedFilename()}`);
      all.push(d.saveAs(path).then(() => void files.set(d.suggestedFilename(), readFileSync(path))));
      if (all.length === count) {
        page.off("download", on);
        resolve();
      }
    };
    page.on("download", on);
  });
  await page.getByTestId(testId).click();
  await seen;
  await Promise.all(all);
  return files;
}

test("a graph exports as PyTorch and ONNX, and the .onnx opens back as blocks", async ({ page }) => {
  await openApp(page, "?preset=xor-mlp");
  await expect(page.locator(".react-flow__node")).toHaveCount(6);

  // XOR's synthetic samples go into a companion .json beside model.py.
  const py = await downloadsOf(page, "tool-pytorch", 2);
  const model = py.get("model.py")?.toString("utf8") ?? "";
  expect(model).toContain("class ");
  expect(model).toContain("nn.Linear");
  expect([...py.keys()].some((n) => n.endsWith(".json"))).toBe(true);
  await expect(page.getByTestId("notice")).toContainText("Exported model.py");

  const onnx = await downloadsOf(page, "tool-onnx", 1);
  const [name, bytes] = [...onnx][0];
  expect(name).toBe("xor-with-a-small-mlp.onnx");
  expect(bytes.length).toBeGreaterThan(100);
  // ModelProto field 1 (ir_version, varint) comes first; the producer and node ids are plain strings.
  expect(bytes[0]).toBe(0x08);
  expect(bytes.toString("latin1")).toContain("wiregrad");
  expect(bytes.toString("latin1")).toContain("fc1");

  await page.getByTestId("open-file-input").setInputFiles({
    name: "xor.onnx",
    mimeType: "application/octet-stream",
    buffer: bytes,
  });
  await expect(page.locator(".react-flow__node .block-title", { hasText: /^Linear$/ })).toHaveCount(2);
  await expect(page.locator(".react-flow__node .block-title", { hasText: /^Tanh$/ })).toHaveCount(1);
  await expect(page.locator(".react-flow__node .block-title", { hasText: "CrossEntropyLoss" })).toHaveCount(
    0,
  );
  await expect(page.getByTestId("notice")).toContainText("Imported xor.onnx");
  await shot(page, "onnx-imported");
});
