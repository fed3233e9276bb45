// Autosave: every change to the document is written to storage shortly after it happens, and
// the graph open last comes back on reload. The short delay folds a drag's sixty position
// changes per second into one write; `flush` writes at once (the page is being hidden).
import type { GraphDoc } from "../../graph/doc";
import { loadGraphDoc } from "../../graph/load";
import type { Problem } from "../../graph/problem";
import type { EditorStore } from "./editorStore";
import type { GraphStorage } from "./graphStorage";

export const AUTOSAVE_DELAY_MS = 150;

export interface Autosave {
  flush(): Promise<void>;
  stop(): void;
}

export function titleOf(doc: GraphDoc): string {
  return doc.meta.title?.trim() || "Untitled graph";
}

export function startAutosave(
  store: EditorStore,
  storage: GraphStorage,
  delayMs = AUTOSAVE_DELAY_MS,
): Autosave {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  // Strictly increasing, so two saves in the same millisecond still list newest first.
  let lastStamp = 0;

  const write = () => {
    timer = undefined;
    const { doc, graphId } = store.getState();
    // Writes are chained so an older snapshot never lands after a newer one.
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    const updated = lastStamp;
    writing = writing.then(async () => {
      await storage.put({
        id: graphId,
        title: titleOf(doc),
        updated,
        nodeCount: doc.nodes.length,
        doc,
      });
      await storage.setCurrent(graphId);
    });
    return writing;
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.doc === prev.doc && s.graphId === prev.graphId) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  });

  return {
    flush() {
      if (timer === undefined) return writing;
      clearTimeout(timer);
      return write();
    },
    stop() {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

export type Restored =
  | { kind: "restored"; doc: GraphDoc; graphId: string }
  | { kind: "none" }
  | { kind: "unreadable"; graphId: string; problems: Problem[] };

/** The graph open last (or the most recent one), checked like a file: storage may hold an older format. */
export async function restoreLast(storage: GraphStorage): Promise<Restored> {
  const id = (await storage.getCurrent()) ?? (await storage.list())[0]?.id;
  if (!id) return { kind: "none" };
  return openSaved(storage, id);
}

export async function openSaved(storage: GraphStorage, id: string): Promise<Restored> {
  const saved = await storage.get(id);
  if (!saved) return { kind: "none" };
  const r = loadGraphDoc(saved.doc, saved.title);
  return r.ok
    ? { kind: "restored", doc: r.doc, graphId: id }
    : { kind: "unreadable", graphId: id, problems: r.problems };
}
