// The canvas's React Flow instance and the last pointer position, for commands that need
// screen ↔ canvas coordinates (paste at the cursor, fit view, export) but are not components.
import type { ReactFlowInstance } from "@xyflow/react";
import type { XY } from "../state/docEdits";
import type { BlockFlowNode, ShapeFlowEdge } from "./flowModel";

export type CanvasInstance = ReactFlowInstance<BlockFlowNode, ShapeFlowEdge>;

let instance: CanvasInstance | null = null;
let pointer: XY | null = null;

export const canvasApi = {
  attach(i: CanvasInstance | null) {
    instance = i;
  },
  get: () => instance,
  setPointer(p: XY | null) {
    pointer = p;
  },
  /** Screen position of the pointer over the canvas, or null when it is elsewhere. */
  pointer: () => pointer,
  /** Where a new block goes: under the pointer if it is over the canvas, else the middle of the view. */
  dropPoint(): XY {
    const el = document.querySelector(".react-flow");
    const box = el?.getBoundingClientRect();
    const screen =
      pointer ??
      (box ? { x: box.left + box.width / 2 - 90, y: box.top + box.height / 2 - 50 } : { x: 0, y: 0 });
    return instance ? instance.screenToFlowPosition(screen) : screen;
  },
};
