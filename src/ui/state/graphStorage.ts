// Where graphs are kept between visits. The interface lets the autosave logic be tested with
// an in-memory store; the browser uses IndexedDB (idbStorage.ts).
import type { GraphDoc } from "../../graph/doc";

export interface SavedGraphSummary {
  id: string;
  title: string;
  /** Milliseconds since the epoch of the last change. */
  updated: number;
  nodeCount: number;
}

export interface SavedGraph extends SavedGraphSummary {
  doc: GraphDoc;
}

export interface GraphStorage {
  put(graph: SavedGraph): Promise<void>;
  get(id: string): Promise<SavedGraph | undefined>;
  /** Most recently changed first. */
  list(): Promise<SavedGraphSummary[]>;
  remove(id: string): Promise<void>;
  /** The graph that was open last, to reopen on reload. */
  getCurrent(): Promise<string | undefined>;
  setCurrent(id: string): Promise<void>;
}

export function summarize({ id, title, updated, nodeCount }: SavedGraph): SavedGraphSummary {
  return { id, title, updated, nodeCount };
}

export function memoryStorage(): GraphStorage {
  const graphs = new Map<string, SavedGraph>();
  let current: string | undefined;
  return {
    async put(g) {
      graphs.set(g.id, structuredClone(g));
    },
    async get(id) {
      const g = graphs.get(id);
      return g && structuredClone(g);
    },
    async list() {
      return [...graphs.values()].map(summarize).sort((a, b) => b.updated - a.updated);
    },
    async remove(id) {
      graphs.delete(id);
    },
    async getCurrent() {
      return current;
    },
    async setCurrent(id) {
      current = id;
    },
  };
}

export function newGraphId(): string {
  return `g-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
