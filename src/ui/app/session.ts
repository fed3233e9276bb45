// The page's single editor session: one document store, one view store, one storage. React
// components read them through the hooks below; commands (app/commands.ts) change them.
import { useStore } from "zustand";
import { createEditorStore, type EditorState } from "../state/editorStore";
import type { GraphStorage } from "../state/graphStorage";
import { idbStorage } from "../state/idbStorage";
import { createLiveStore, type LiveState } from "../state/liveStore";
import { createViewStore, type ViewState } from "../state/viewStore";

export const editor = createEditorStore();
export const view = createViewStore();
export const storage: GraphStorage = idbStorage();
export const live = createLiveStore();

export function useEditor<T>(select: (s: EditorState) => T): T {
  return useStore(editor, select);
}

export function useView<T>(select: (s: ViewState) => T): T {
  return useStore(view, select);
}

export function useLive<T>(select: (s: LiveState) => T): T {
  return useStore(live, select);
}
