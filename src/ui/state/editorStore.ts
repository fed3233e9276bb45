// The one store: the GraphDoc being edited, its undo history and the selection. Every change
// to the document goes through `edit`, which records immer patches for undo.
import { applyPatches, enablePatches, produceWithPatches } from "immer";
import { createStore } from "zustand/vanilla";
import type { GraphDoc } from "../../graph/doc";
import {
  beginGesture,
  emptyHistory,
  endGesture,
  type History,
  type RecordOptions,
  record,
  takeRedo,
  takeUndo,
} from "./history";

enablePatches();

export interface Selection {
  nodes: string[];
  edges: string[];
}

export interface EditorState {
  doc: GraphDoc;
  /** Which saved graph this is: the autosave key. Not part of the GraphDoc. */
  graphId: string;
  history: History;
  selection: Selection;
  /** Applies `recipe` to a draft of the doc as one undoable edit (or part of the open gesture). */
  edit<T>(recipe: (draft: GraphDoc) => T, opts?: RecordOptions): T;
  /** Opens a gesture: every edit until endGesture is one undo step (a drag, a slider scrub). */
  beginGesture(label: string): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
  /** Replaces the document (open, preset, restore): a fresh history, nothing selected. */
  load(doc: GraphDoc, graphId: string): void;
  select(selection: Partial<Selection>): void;
}

export const emptyDoc = (): GraphDoc => ({
  format: "wiregrad-graph",
  version: 1,
  meta: { title: "Untitled graph" },
  nodes: [],
  edges: [],
});

export const noSelection: Selection = { nodes: [], edges: [] };

/** Drops selected ids that no longer exist, keeping the same object when nothing changed. */
function pruneSelection(sel: Selection, doc: GraphDoc): Selection {
  const nodeIds = new Set(doc.nodes.map((n) => n.id));
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  const nodes = sel.nodes.filter((id) => nodeIds.has(id));
  const edges = sel.edges.filter((id) => edgeIds.has(id));
  return nodes.length === sel.nodes.length && edges.length === sel.edges.length ? sel : { nodes, edges };
}

export function createEditorStore(doc: GraphDoc = emptyDoc(), graphId = "graph") {
  return createStore<EditorState>()((set, get) => ({
    doc,
    graphId,
    history: emptyHistory(),
    selection: noSelection,

    edit(recipe, opts) {
      let result: ReturnType<typeof recipe> | undefined;
      const [next, patches, inverse] = produceWithPatches(get().doc, (draft) => {
        result = recipe(draft as GraphDoc);
      });
      if (patches.length > 0) {
        set((s) => ({
          doc: next,
          history: record(s.history, patches, inverse, opts),
          selection: pruneSelection(s.selection, next),
        }));
      }
      return result as ReturnType<typeof recipe>;
    },

    beginGesture: (label) => set((s) => ({ history: beginGesture(s.history, label) })),
    endGesture: () => set((s) => ({ history: endGesture(s.history) })),

    undo() {
      const taken = takeUndo(get().history);
      if (!taken) return;
      const next = applyPatches(get().doc, taken.step.inverse);
      set((s) => ({ doc: next, history: taken.history, selection: pruneSelection(s.selection, next) }));
    },

    redo() {
      const taken = takeRedo(get().history);
      if (!taken) return;
      const next = applyPatches(get().doc, taken.step.patches);
      set((s) => ({ doc: next, history: taken.history, selection: pruneSelection(s.selection, next) }));
    },

    load: (doc, graphId) => set({ doc, graphId, history: emptyHistory(), selection: noSelection }),

    select: (selection) => set((s) => ({ selection: { ...s.selection, ...selection } })),
  }));
}

export type EditorStore = ReturnType<typeof createEditorStore>;
