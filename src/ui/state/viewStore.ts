// How the editor is shown, as opposed to what is edited: sizes React Flow measured, theme,
// presentation mode, which dialog is open, the last notice. None of it enters undo or the file.
import { createStore } from "zustand/vanilla";
import type { Problem } from "../../graph/problem";
import type { Measured } from "../canvas/flowModel";
import type { XY } from "./docEdits";

export type Theme = "light" | "dark";

export type Dialog =
  | { kind: "help" }
  | { kind: "library" }
  | { kind: "share"; url: string; note?: string }
  | { kind: "problems"; title: string; problems: Problem[]; note?: string }
  /** A person's own table: `text` comes from a dropped or opened .csv file. */
  | { kind: "csv"; text?: string; fileName?: string };

export interface Notice {
  id: number;
  text: string;
  tone: "info" | "error";
}

export interface ViewState {
  measured: Measured;
  theme: Theme;
  present: boolean;
  embed: boolean;
  dialog: Dialog | null;
  /** The quick-add box: where it opened on screen and where the block will land on the canvas. */
  quickAdd: { screen: XY; flow: XY } | null;
  notice: Notice | null;
  /** Why a red wire is refused, shown beside the pointer while it hovers the wire's label. */
  wireTip: { text: string; x: number; y: number } | null;
  setMeasured(id: string, size: { width: number; height: number }): void;
  setTheme(theme: Theme): void;
  setPresent(on: boolean): void;
  open(dialog: Dialog | null): void;
  openQuickAdd(at: { screen: XY; flow: XY } | null): void;
  notify(text: string, tone?: Notice["tone"]): void;
}

let noticeId = 0;

export function createViewStore(initial: Partial<Pick<ViewState, "theme" | "present" | "embed">> = {}) {
  return createStore<ViewState>()((set) => ({
    measured: {},
    theme: initial.theme ?? "light",
    present: initial.present ?? false,
    embed: initial.embed ?? false,
    dialog: null,
    quickAdd: null,
    notice: null,
    wireTip: null,
    setMeasured: (id, size) =>
      set((s) => {
        const old = s.measured[id];
        if (old && old.width === size.width && old.height === size.height) return s;
        return { measured: { ...s.measured, [id]: size } };
      }),
    setTheme: (theme) => set({ theme }),
    setPresent: (present) => set({ present }),
    open: (dialog) => set({ dialog }),
    openQuickAdd: (quickAdd) => set({ quickAdd }),
    notify: (text, tone = "info") => set({ notice: { id: ++noticeId, text, tone } }),
  }));
}

export type ViewStore = ReturnType<typeof createViewStore>;
