// scripts/plan-loop.ts bundled for a page (one IIFE that sets globalThis.planLoop), for the
// scripts that time workload 5's re-plan in Chromium (plan-profile-browser.ts, plan-early.ts).

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function planLoopBundle(): Promise<string> {
  const out = await build({
    configFile: false,
    root,
    logLevel: "warn",
    build: {
      write: false,
      minify: true,
      lib: { entry: join(root, "scripts/plan-loop.ts"), formats: ["iife"], name: "planLoopBundle" },
    },
  });
  for (const o of Array.isArray(out) ? out : [out]) {
    if ("output" in o) for (const chunk of o.output) if (chunk.type === "chunk") return chunk.code;
  }
  throw new Error("vite build gave no chunk");
}
