// Every keyboard shortcut, in one table: the key handler matches against it and the help
// overlay (?) lists it, so the two cannot drift apart.
import { canvasApi } from "../canvas/canvasApi";
import { stepOnce, toggleRun } from "../run/runClient";
import { toggleStepThrough } from "../stepthrough/stepStore";
import {
  alignSelection,
  clearSelection,
  deleteSelection,
  duplicateSelection,
  fitView,
  layoutGraph,
  newGraph,
  nudgeSelection,
  saveFile,
  selectAll,
  share,
  toggleFrozenSelection,
  togglePresent,
  toggleTheme,
  zoomBy,
} from "./commands";
import { editor, view } from "./session";

export interface Shortcut {
  /** Normalised combos, e.g. "mod+shift+z"; "mod" is Ctrl, or Cmd on a Mac. */
  combos: string[];
  /** How the help overlay shows it. */
  label: string;
  what: string;
  group: "Edit" | "Canvas" | "File" | "View" | "Run";
  run(): void;
}

/** Copy, cut and paste go through the browser's clipboard events, so they are listed but not run here. */
export const clipboardShortcuts: Pick<Shortcut, "label" | "what" | "group">[] = [
  { label: "Ctrl C", what: "Copy the selected blocks (as GraphDoc JSON)", group: "Edit" },
  { label: "Ctrl X", what: "Cut", group: "Edit" },
  { label: "Ctrl V", what: "Paste at the cursor (also from another tab)", group: "Edit" },
];

const openFilePicker = () =>
  document.querySelector<HTMLInputElement>('[data-testid="open-file-input"]')?.click();

export const shortcuts: Shortcut[] = [
  {
    combos: ["/"],
    label: "/",
    what: "Quick-add a block at the cursor",
    group: "Edit",
    run: () => openQuickAddAtPointer(),
  },
  { combos: ["mod+z"], label: "Ctrl Z", what: "Undo", group: "Edit", run: () => editor.getState().undo() },
  {
    combos: ["mod+shift+z", "mod+y"],
    label: "Ctrl Shift Z",
    what: "Redo",
    group: "Edit",
    run: () => editor.getState().redo(),
  },
  {
    combos: ["delete", "backspace"],
    label: "Delete",
    what: "Delete the selection",
    group: "Edit",
    run: deleteSelection,
  },
  {
    combos: ["mod+d"],
    label: "Ctrl D",
    what: "Duplicate the selection",
    group: "Edit",
    run: duplicateSelection,
  },
  { combos: ["mod+a"], label: "Ctrl A", what: "Select everything", group: "Edit", run: selectAll },
  {
    combos: ["escape"],
    label: "Esc",
    what: "Close a dialog, or clear the selection",
    group: "Edit",
    run: escapeKey,
  },
  {
    combos: ["r"],
    label: "R",
    what: "Freeze or unfreeze the selected blocks",
    group: "Edit",
    run: toggleFrozenSelection,
  },
  {
    combos: ["shift+l"],
    label: "Shift L",
    what: "Align the selection's left edges",
    group: "Canvas",
    run: () => alignSelection("left"),
  },
  {
    combos: ["shift+t"],
    label: "Shift T",
    what: "Align the selection's top edges",
    group: "Canvas",
    run: () => alignSelection("top"),
  },
  {
    combos: ["l"],
    label: "L",
    what: "Auto-layout, left to right",
    group: "Canvas",
    run: () => void layoutGraph(),
  },
  { combos: ["f"], label: "F", what: "Fit the graph in view", group: "Canvas", run: fitView },
  { combos: ["=", "+"], label: "+", what: "Zoom in", group: "Canvas", run: () => zoomBy(1.25) },
  { combos: ["-"], label: "−", what: "Zoom out", group: "Canvas", run: () => zoomBy(0.8) },
  {
    combos: ["arrowleft"],
    label: "← ↑ → ↓",
    what: "Move the selection (Shift: further); with nothing selected, pan",
    group: "Canvas",
    run: () => nudgeSelection(-10, 0),
  },
  { combos: ["arrowright"], label: "", what: "", group: "Canvas", run: () => nudgeSelection(10, 0) },
  { combos: ["arrowup"], label: "", what: "", group: "Canvas", run: () => nudgeSelection(0, -10) },
  { combos: ["arrowdown"], label: "", what: "", group: "Canvas", run: () => nudgeSelection(0, 10) },
  { combos: ["shift+arrowleft"], label: "", what: "", group: "Canvas", run: () => nudgeSelection(-50, 0) },
  { combos: ["shift+arrowright"], label: "", what: "", group: "Canvas", run: () => nudgeSelection(50, 0) },
  { combos: ["shift+arrowup"], label: "", what: "", group: "Canvas", run: () => nudgeSelection(0, -50) },
  { combos: ["shift+arrowdown"], label: "", what: "", group: "Canvas", run: () => nudgeSelection(0, 50) },
  {
    combos: ["mod+s"],
    label: "Ctrl S",
    what: "Save the graph as a .json file",
    group: "File",
    run: saveFile,
  },
  {
    combos: ["mod+o"],
    label: "Ctrl O",
    what: "Open a .json graph or an .onnx model",
    group: "File",
    run: openFilePicker,
  },
  { combos: ["alt+n"], label: "Alt N", what: "New graph", group: "File", run: newGraph },
  {
    combos: ["g"],
    label: "G",
    what: "Recent graphs and presets",
    group: "File",
    run: () => view.getState().open({ kind: "library" }),
  },
  { combos: ["mod+shift+s"], label: "Ctrl Shift S", what: "Share as a link", group: "File", run: share },
  // Arrow keys already move the selection or pan, so one step is "." only.
  { combos: [" "], label: "Space", what: "Run or pause training", group: "Run", run: toggleRun },
  { combos: ["."], label: ".", what: "One training step (while paused)", group: "Run", run: stepOnce },
  { combos: ["p"], label: "P", what: "Presentation mode", group: "View", run: togglePresent },
  { combos: ["t"], label: "T", what: "Light or dark theme", group: "View", run: toggleTheme },
  {
    combos: ["d"],
    label: "D",
    what: "Step through autodiff; then → / ← (or N / P) walk the steps, Esc closes",
    group: "View",
    run: toggleStepThrough,
  },
  {
    combos: ["?"],
    label: "?",
    what: "This help",
    group: "View",
    run: () => view.getState().open({ kind: "help" }),
  },
];

function escapeKey() {
  const v = view.getState();
  if (v.quickAdd) v.openQuickAdd(null);
  else if (v.dialog) v.open(null);
  else clearSelection();
}

export function openQuickAddAtPointer(): void {
  const el = document.querySelector(".react-flow")?.getBoundingClientRect();
  const screen =
    canvasPointer() ??
    (el ? { x: el.left + el.width / 2 - 160, y: el.top + el.height / 3 } : { x: 300, y: 200 });
  view.getState().openQuickAdd({ screen, flow: flowAt(screen) });
}

const canvasPointer = () => canvasApi.pointer();
const flowAt = (p: { x: number; y: number }) => canvasApi.get()?.screenToFlowPosition(p) ?? p;

/** "mod+shift+z" for Ctrl+Shift+Z; symbols like "?" ignore the Shift that typing them needs. */
export function comboOf(
  e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">,
): string {
  const key = e.key.toLowerCase();
  const symbol = e.key.length === 1 && !/[a-z0-9]/i.test(e.key);
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push("mod");
  if (e.altKey) parts.push("alt");
  if (e.shiftKey && !symbol) parts.push("shift");
  parts.push(key);
  return parts.join("+");
}

export function findShortcut(combo: string): Shortcut | undefined {
  return shortcuts.find((s) => s.combos.includes(combo));
}
