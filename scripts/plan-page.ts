// A compiler script bundled for a page (one IIFE that sets a global), for the scripts and
// tests that run the planner in Chromium: plan-loop.ts (workload 5's re-plan, timed by
// plan-profile-browser.ts and plan-early.ts) and layout-check.ts (test/backends/layout.test.ts).

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** `scripts/<name>.ts` and what it imports, as one script for a page. */
export async function pageBundle(name: string): Promise<string> {
  const out = await build({
    configFile: false,
    root,
    logLevel: "warn",
    build: {
      write: false,
      minify: true,
      lib: { entry: join(root, `scripts/${name}.ts`), formats: ["iife"], name: "pageBundle" },
    },
  });
  for (const o of Array.isArray(out) ? out : [out]) {
    if ("output" in o) for (const chunk of o.output) if (chunk.type === "chunk") return chunk.code;
  }
  throw new Error("vite build gave no chunk");
}

export const planLoopBundle = () => pageBundle("plan-loop");
