// The WebGPU parity check in a real browser: /test/browser/gpu-check.html?part=prims|presets
// (Vite's dev server serves any page under the project root). Results go on the page and on
// window.__gpuCheck for e2e/gpu-parity.spec.ts. No adapter is an error, never an empty pass.

import { GpuRuntime } from "../../src/backends/webgpu";
import { checkPresets } from "./presetRuns";
import { checkPrimitives } from "./primParity";
import type { CheckResult, GpuCheckState } from "./results";

const part = new URLSearchParams(location.search).get("part") ?? "prims";
const state: GpuCheckState = { part, adapter: null, results: [], done: false };
window.__gpuCheck = state;

const status = document.getElementById("status")!;
const list = document.getElementById("results")!;

function show(r: CheckResult) {
  state.results.push(r);
  const li = document.createElement("li");
  li.className = r.ok ? "ok" : "fail";
  li.textContent = `${r.ok ? "✓" : "✗"} ${r.name}${r.detail ? ` — ${r.detail}` : ""}`;
  list.append(li);
  const failed = state.results.filter((x) => !x.ok).length;
  status.textContent = `${state.adapter}: ${state.results.length} checked, ${failed} failed…`;
}

async function main() {
  const rt = await GpuRuntime.create();
  state.adapter = rt.ctx.adapter;
  status.textContent = `${state.adapter}: running ${part}…`;
  if (part === "prims") await checkPrimitives(rt, show);
  else if (part === "presets") await checkPresets(rt, show);
  else throw new Error(`unknown part "${part}" (prims or presets)`);
  const failed = state.results.filter((x) => !x.ok).length;
  status.textContent = `${state.adapter}: ${state.results.length} checked, ${failed} failed`;
}

main()
  .catch((e: unknown) => {
    state.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    status.textContent = `error: ${state.error}`;
  })
  .finally(() => {
    state.done = true;
    document.body.dataset.done = "true";
  });
