// The compiler's structures keep one object layout and one array kind however warm the
// JavaScript engine is (src/ir/packed.ts, irNode, kernelSpec): checked in a child process
// that can ask V8 directly (--allow-natives-syntax), over 24 compiles of workload 5's graph,
// long enough for the planner to be optimised midway. Before the fix, `.map`-made inputs,
// shapes and bindings came in two kinds and every kernel with a quick tier had a layout of
// its own.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "../..");

describe("compiler structure layouts", () => {
  it("IR nodes, their inputs and shapes, and kernel specs each have one layout", () => {
    const r = spawnSync(
      process.execPath,
      ["--allow-natives-syntax", "--import", "tsx", join(root, "scripts/layout-check.ts"), "24"],
      { cwd: root, encoding: "utf8", timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const layouts = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(layouts).toEqual({ node: 1, "node.inputs": 1, "node.shape": 1, kernel: 1, "kernel.writes": 1 });
  }, 150_000);
});
