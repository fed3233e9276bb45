// GraphStorage on IndexedDB: one record per graph, plus which one was open last.
import { type DBSchema, openDB } from "idb";
import { type GraphStorage, type SavedGraph, summarize } from "./graphStorage";

interface WiregradDB extends DBSchema {
  graphs: { key: string; value: SavedGraph; indexes: { updated: number } };
  session: { key: string; value: string };
}

export function idbStorage(name = "wiregrad"): GraphStorage {
  const db = openDB<WiregradDB>(name, 1, {
    upgrade(d) {
      d.createObjectStore("graphs", { keyPath: "id" }).createIndex("updated", "updated");
      d.createObjectStore("session");
    },
  });
  return {
    async put(g) {
      await (await db).put("graphs", g);
    },
    async get(id) {
      return (await db).get("graphs", id);
    },
    async list() {
      const all = await (await db).getAllFromIndex("graphs", "updated");
      return all.map(summarize).reverse();
    },
    async remove(id) {
      await (await db).delete("graphs", id);
    },
    async getCurrent() {
      return (await db).get("session", "current");
    },
    async setCurrent(id) {
      await (await db).put("session", id, "current");
    },
  };
}
