// When a program runs as one whole-program kernel instead of the planned dispatches.
//
// The rule for "auto", on the program's needed values: every primitive has a table form
// (unfold/fold do not), at most SINGLE_MAX_ELEMENTS elements and SINGLE_MAX_FLOPS flops
// (2mnk per matmul, one per other element) — AND the adapter is one where the single
// kernel was measured to win. So far it is none: on SwiftShader one invocation walking the
// op table costs ~0.2 ms per op record (branches and dynamic indexing run lane-masked,
// scalarised), more than the ~0.14 ms a planned dispatch costs, so xor-mlp's step took
// 25–40 ms against 10–20 ms planned (scripts/gpu-microbench.ts, loaded 2-core machine).
// On a real GPU it is unmeasured. `path: "single"` (or WIREGRAD_GPU_PATH=single) forces it.

import type { IRNode } from "../../../ir/prims";
import { size } from "../../../ir/shape";
import { unsupportedPrims } from "./kernel";

export type ExecutionPath = "auto" | "single" | "planned";

/**
 * The path when a program does not name one: WIREGRAD_GPU_PATH (auto, single, planned) in
 * Node, so a benchmark or a test can force either path under an unchanged session.
 */
export function defaultPath(): ExecutionPath {
  const v = typeof process !== "undefined" ? process.env?.WIREGRAD_GPU_PATH : undefined;
  return v === "single" || v === "planned" ? v : "auto";
}

export const SINGLE_MAX_ELEMENTS = 1 << 16;
export const SINGLE_MAX_FLOPS = 1 << 20;
export const SINGLE_MAX_FLOPS_GPU = 1 << 16;

export interface ProgramCost {
  elements: number;
  flops: number;
  unsupported: string[];
}

export function programCost(nodes: readonly IRNode[], outputs: number[]): ProgramCost {
  const needed = new Uint8Array(nodes.length);
  for (const o of outputs) needed[o] = 1;
  for (let id = nodes.length - 1; id >= 0; id--)
    if (needed[id]) for (const i of nodes[id].inputs) needed[i] = 1;
  let elements = 0;
  let flops = 0;
  const used: IRNode[] = [];
  for (const n of nodes) {
    if (!needed[n.id]) continue;
    used.push(n);
    const s = size(n.shape);
    elements += s;
    if (n.prim === "matmul") flops += 2 * s * nodes[n.inputs[0]].shape[nodes[n.inputs[0]].shape.length - 1];
    else if (n.prim === "sum" || n.prim === "reduce_max" || n.prim === "scatter_add")
      flops += size(nodes[n.inputs[0]].shape);
    else flops += s;
  }
  return { elements, flops, unsupported: unsupportedPrims(used) };
}

/** Adapters where the single kernel measured faster than the planned path (none yet). */
export const SINGLE_WINS_ON = { software: false, hardware: false };

/** Whether `auto` picks the single kernel for this program on this adapter. */
export function prefersSingle(cost: ProgramCost, software: boolean): boolean {
  if (cost.unsupported.length) return false;
  if (!(software ? SINGLE_WINS_ON.software : SINGLE_WINS_ON.hardware)) return false;
  return (
    cost.elements <= SINGLE_MAX_ELEMENTS && cost.flops <= (software ? SINGLE_MAX_FLOPS : SINGLE_MAX_FLOPS_GPU)
  );
}
