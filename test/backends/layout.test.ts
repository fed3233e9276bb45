// The compiler's structures keep one object layout and one array elements kind however warm
// the JavaScript engine is (src/ir/packed.ts, irNode, kernelSpec): checked where V8 can be
// asked directly (--allow-natives-syntax), over 24 compiles of workload 5's graph, long
// enough for the planner to be optimised midway — in a Node child process and in Chromium,
// whose newer V8 turned every shape into a generic-object list, then a holey one, through a
// helper that mapped both numbers and objects (86 "wrong map" deoptimisations in 18
// re-plans). Before the first fix, `.map`-made inputs, shapes and bindings came in two kinds
// and every kernel with a quick tier had a layout of its own.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserPath } from "../../scripts/browser";
import type { Census } from "../../scripts/layout-check";
import { pageBundle } from "../../scripts/plan-page";

const root = join(__dirname, "../..");

const expected: Census = {
  layouts: { node: 1, "node.inputs": 1, "node.shape": 1, kernel: 1, "kernel.writes": 1 },
  kinds: {
    "node.shape": ["smi-packed"],
    "node.inputs": ["smi-packed"],
    "kernel.reads": ["smi-packed"],
    "kernel.writes": ["smi-packed"],
  },
};

describe("compiler structure layouts", () => {
  it("in Node: one layout each, and every number list packed small integers", () => {
    const r = spawnSync(
      process.execPath,
      ["--allow-natives-syntax", "--import", "tsx", join(root, "scripts/layout-check.ts"), "24"],
      { cwd: root, encoding: "utf8", timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split("\n").at(-1)!)).toEqual(expected);
  }, 150_000);

  it("in Chromium: the same", async () => {
    const code = await pageBundle("layout-check");
    const browser = await chromium.launch({
      executablePath: browserPath(),
      headless: true,
      args: ["--no-sandbox", "--js-flags=--allow-natives-syntax"],
    });
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ content: code });
      const census = await page.evaluate(() =>
        (globalThis as unknown as { layoutCensus(n: number): Census }).layoutCensus(24),
      );
      expect(census).toEqual(expected);
    } finally {
      await browser.close();
    }
  }, 150_000);
});
