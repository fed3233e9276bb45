// Which node views are hidden. The overlay (off / activations / gradients) lives in the live
// store; this keeps the per-node exceptions and tells the run which nodes to probe, so a
// hidden view costs nothing in the worker either.
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import { editor, live } from "../app/session";

interface ViewPrefs {
  hidden: Record<string, true>;
}

export const viewPrefs = createStore<ViewPrefs>()(() => ({ hidden: {} }));

export function useNodeViewHidden(id: string): boolean {
  return useStore(viewPrefs, (s) => s.hidden[id] === true);
}

export function toggleNodeView(id: string): void {
  const hidden = { ...viewPrefs.getState().hidden };
  if (hidden[id]) delete hidden[id];
  else hidden[id] = true;
  viewPrefs.setState({ hidden });
}

/** live.watchNodes: null (every node, via the overlay) unless some views are hidden. */
function syncWatch(): void {
  const { overlay, watchNodes } = live.getState();
  const hidden = viewPrefs.getState().hidden;
  let next: string[] | null = null;
  if (overlay !== "off" && Object.keys(hidden).length) {
    next = editor
      .getState()
      .doc.nodes.map((n) => n.id)
      .filter((id) => !hidden[id]);
  }
  if (JSON.stringify(next) !== JSON.stringify(watchNodes)) live.setState({ watchNodes: next });
}

let connected = false;

/** Keeps live.watchNodes in step with the hidden views, the overlay and the graph's nodes. */
export function connectViewPrefs(): void {
  if (connected) return;
  connected = true;
  viewPrefs.subscribe(syncWatch);
  live.subscribe((s, prev) => {
    if (s.overlay !== prev.overlay) syncWatch();
  });
  editor.subscribe((s, prev) => {
    if (s.doc.nodes !== prev.doc.nodes && Object.keys(viewPrefs.getState().hidden).length) syncWatch();
  });
}
