// What the editor can do, callable from the toolbar, the keyboard, the canvas and the tests
// alike. Each document change is one undo step.
import type { GraphDoc } from "../../graph/doc";
import { parseGraphDoc, serializeGraphDoc } from "../../graph/load";
import { canvasApi } from "../canvas/canvasApi";
import { downloadText, fileSlug } from "../io/download";
import { readOnnxFile } from "../io/importOnnx";
import { autoLayout } from "../state/autoLayout";
import { openSaved, titleOf } from "../state/autosave";
import { copyText, pasteOffset, readFragment } from "../state/clipboard";
import type { QuickFix } from "../state/diagnostics";
import {
  addNode,
  freeSpot,
  insertOnWire,
  moveNodes,
  pasteFragment,
  removeElements,
  setFrozen,
  type XY,
} from "../state/docEdits";
import { emptyDoc } from "../state/editorStore";
import { newGraphId } from "../state/graphStorage";
import { findPreset } from "../state/presets";
import { shareUrl } from "../state/shareCodec";
import { editor, storage, view } from "./session";

const ed = () => editor.getState();

/** Adds a block at `at`, or (from the palette, with no position) at a free spot mid-view. */
export function addBlock(type: string, at: XY = freeSpot(ed().doc, canvasApi.dropPoint())): string {
  const id = ed().edit((d) => addNode(d, type, at), { label: `add ${type}` });
  ed().select({ nodes: [id], edges: [] });
  return id;
}

export function deleteSelection(): void {
  const { nodes, edges } = ed().selection;
  if (nodes.length + edges.length === 0) return;
  ed().edit((d) => removeElements(d, nodes, edges), { label: "delete" });
}

export function selectAll(): void {
  const { doc } = ed();
  ed().select({ nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map((e) => e.id) });
}

export function clearSelection(): void {
  ed().select({ nodes: [], edges: [] });
}

/** The selection as clipboard text, or null when nothing is selected. */
export function copySelection(): string | null {
  return copyText(ed().doc, ed().selection.nodes);
}

/** Pastes a GraphDoc text (from this tab, another tab or a file); false when it is not one. */
export function pasteText(text: string, at?: XY): boolean {
  const fragment = readFragment(text);
  if (!fragment) return false;
  const offset = pasteOffset(fragment, at);
  const ids = ed().edit((d) => pasteFragment(d, fragment, offset), { label: "paste" });
  ed().select({ nodes: ids, edges: [] });
  return true;
}

export function pointerFlowPosition(): XY | undefined {
  const p = canvasApi.pointer();
  const rf = canvasApi.get();
  return p && rf ? rf.screenToFlowPosition(p) : undefined;
}

export function duplicateSelection(): void {
  const text = copySelection();
  if (text) pasteText(text);
}

export function toggleFrozenSelection(): void {
  const { doc, selection } = ed();
  const nodes = doc.nodes.filter((n) => selection.nodes.includes(n.id));
  if (nodes.length === 0) return;
  const freeze = !nodes.every((n) => n.frozen);
  ed().edit((d) => setFrozen(d, selection.nodes, freeze), { label: freeze ? "freeze" : "unfreeze" });
}

/** Arrow keys move the selection; holding the key is one undo step. With nothing selected, they pan. */
export function nudgeSelection(dx: number, dy: number): void {
  const { doc, selection } = ed();
  // Nothing to move: the arrows walk the view along the graph instead (presenting a wide one).
  if (selection.nodes.length === 0) {
    panBy(dx * 16, dy * 16);
    return;
  }
  const moves: Record<string, XY> = {};
  for (const n of doc.nodes) {
    if (selection.nodes.includes(n.id)) moves[n.id] = { x: n.position.x + dx, y: n.position.y + dy };
  }
  ed().edit((d) => moveNodes(d, moves), { label: "nudge", coalesce: `nudge:${selection.nodes.join(",")}` });
}

export function alignSelection(edge: "left" | "top"): void {
  const { doc, selection } = ed();
  const nodes = doc.nodes.filter((n) => selection.nodes.includes(n.id));
  if (nodes.length < 2) return;
  const to = Math.min(...nodes.map((n) => (edge === "left" ? n.position.x : n.position.y)));
  const moves: Record<string, XY> = {};
  for (const n of nodes)
    moves[n.id] = edge === "left" ? { x: to, y: n.position.y } : { x: n.position.x, y: to };
  ed().edit((d) => moveNodes(d, moves), { label: `align ${edge}` });
}

export function applyFix(fix: QuickFix): void {
  const id = ed().edit((d) => insertOnWire(d, fix.target, fix.type), { label: fix.label });
  if (id) ed().select({ nodes: [id], edges: [] });
}

export async function layoutGraph(): Promise<void> {
  const positions = await autoLayout(ed().doc, view.getState().measured);
  ed().edit((d) => moveNodes(d, positions), { label: "auto-layout" });
  fitViewSoon();
}

/** Below this zoom a block's title is under 14px on screen: too small for the back row. */
const PRESENT_MIN_ZOOM = 0.85;

export function fitView(): void {
  const rf = canvasApi.get();
  if (!rf) return;
  if (!view.getState().present) {
    void rf.fitView({ padding: 0.12, duration: 200, maxZoom: 1.25 });
    return;
  }
  // On a projector, legibility beats overview: a graph too wide to fit at a readable zoom is
  // shown from its start (the data end) and the lecturer pans along it with the arrow keys.
  const bounds = rf.getNodesBounds(rf.getNodes());
  const box = document.querySelector(".react-flow")?.getBoundingClientRect();
  if (!box || bounds.width === 0) return;
  const pad = 40;
  const fit = Math.min((box.width - 2 * pad) / bounds.width, (box.height - 2 * pad) / bounds.height, 1.8);
  if (fit >= PRESENT_MIN_ZOOM) {
    void rf.fitView({ padding: 0.08, duration: 200, maxZoom: 1.8 });
    return;
  }
  const zoom = PRESENT_MIN_ZOOM;
  const x = pad - bounds.x * zoom;
  const y = box.height / 2 - (bounds.y + bounds.height / 2) * zoom;
  void rf.setViewport({ x, y, zoom }, { duration: 200 });
}

/** Pans the view by a screen distance (arrow keys with nothing selected). */
export function panBy(dx: number, dy: number): void {
  const rf = canvasApi.get();
  if (!rf) return;
  const { x, y, zoom } = rf.getViewport();
  void rf.setViewport({ x: x - dx, y: y - dy, zoom }, { duration: 120 });
}

/** Fits once the canvas has its new size (after presentation mode or a load re-lays the page). */
export function fitViewSoon(): void {
  setTimeout(fitView, 80);
}

export function zoomBy(factor: number): void {
  const rf = canvasApi.get();
  if (rf) void rf.zoomTo(rf.getZoom() * factor, { duration: 150 });
}

/** Replaces the graph being edited, as a new entry in the recent list. */
export function openDoc(doc: GraphDoc, graphId = newGraphId()): void {
  ed().load(doc, graphId);
  fitViewSoon();
}

export function newGraph(): void {
  openDoc(emptyDoc());
}

export async function openRecent(id: string): Promise<void> {
  const r = await openSaved(storage, id);
  if (r.kind === "restored") openDoc(r.doc, r.graphId);
  else if (r.kind === "unreadable")
    view
      .getState()
      .open({ kind: "problems", title: "This saved graph cannot be opened", problems: r.problems });
}

export function loadPreset(name: string): boolean {
  const p = findPreset(name);
  if (!p?.doc) {
    view.getState().notify(`There is no preset called "${name}"`, "error");
    return false;
  }
  openDoc(structuredClone(p.doc));
  return true;
}

export function saveFile(): void {
  const { doc } = ed();
  downloadText(`${fileSlug(titleOf(doc))}.json`, serializeGraphDoc(doc));
}

/** Opens a .json file; a malformed one is listed problem by problem and the current graph stays. */
export async function openFile(file: File): Promise<void> {
  if (/\.onnx$/i.test(file.name)) return openOnnx(file);
  const text = await file.text();
  const r = parseGraphDoc(text, file.name);
  if (!r.ok) {
    view
      .getState()
      .open({ kind: "problems", title: `${file.name} could not be opened`, problems: r.problems });
    return;
  }
  openDoc(r.doc);
  view.getState().notify(`Opened ${file.name}`);
}

/** Opens an .onnx file as a new graph; what could not be imported is listed over it. */
async function openOnnx(file: File): Promise<void> {
  const r = await readOnnxFile(file);
  if (r.doc.nodes.length === 0) {
    view.getState().open({
      kind: "problems",
      title: `${file.name} could not be imported`,
      problems: r.problems.map((message) => ({ path: "", message })),
    });
    return;
  }
  r.doc.meta.title ??= file.name.replace(/\.onnx$/i, "");
  openDoc(r.doc);
  if (r.problems.length === 0) {
    view.getState().notify(`Imported ${file.name}`);
    return;
  }
  view.getState().open({
    kind: "problems",
    title: `${file.name}: some of it could not be imported`,
    problems: r.problems.map((message) => ({ path: "", message })),
    note: "The rest of the model is on the canvas as a new graph; these parts were left out.",
  });
}

// Links longer than this break in chat clients and slide tools; trained weights are what make them long.
const MAX_LINK = 30_000;

export function share(): void {
  const { doc } = ed();
  let url = shareUrl(location.href, doc);
  let note: string | undefined;
  if (url.length > MAX_LINK && doc.nodes.some((n) => n.weights)) {
    url = shareUrl(location.href, { ...doc, nodes: doc.nodes.map(({ weights: _w, ...n }) => n) });
    note =
      "The trained weights made the link too long, so it carries the graph without them. Save a file to keep the weights.";
  }
  view.getState().open({ kind: "share", url, note });
}

export function togglePresent(): void {
  view.getState().setPresent(!view.getState().present);
  fitViewSoon();
}

export function toggleTheme(): void {
  const next = view.getState().theme === "dark" ? "light" : "dark";
  view.getState().setTheme(next);
  localStorage.setItem("wiregrad.theme", next);
}
