import { describe, expect, it } from "vitest";
import { restoreLast, startAutosave } from "../../src/ui/state/autosave";
import { addNode } from "../../src/ui/state/docEdits";
import { createEditorStore } from "../../src/ui/state/editorStore";
import { memoryStorage } from "../../src/ui/state/graphStorage";
import { doc, n } from "../helpers/docs";

describe("autosave: every change is kept, the last graph comes back", () => {
  it("writes after a change and restores it, most recent first in the list", async () => {
    const storage = memoryStorage();
    const store = createEditorStore(doc([n("x", "Input", { shape: [2] })], []), "g1");
    const saver = startAutosave(store, storage, 5);
    store.getState().edit((d) => addNode(d, "Linear", { x: 100, y: 0 }));
    await saver.flush();
    store.getState().load({ ...doc([], []), meta: { title: "Second" } }, "g2");
    store.getState().edit((d) => addNode(d, "ReLU", { x: 0, y: 0 }));
    await saver.flush();
    saver.stop();

    const list = await storage.list();
    expect(list.map((g) => [g.id, g.nodeCount])).toEqual([
      ["g2", 1],
      ["g1", 2],
    ]);
    expect(list[0].title).toBe("Second");
    const r = await restoreLast(storage);
    expect(r.kind === "restored" && r.graphId).toBe("g2");
    expect(r.kind === "restored" && r.doc.nodes.map((x) => x.type)).toEqual(["ReLU"]);
  });

  it("folds a burst of edits into one write", async () => {
    const storage = memoryStorage();
    let puts = 0;
    const counting = {
      ...storage,
      put: async (g: Parameters<typeof storage.put>[0]) => {
        puts++;
        await storage.put(g);
      },
    };
    const store = createEditorStore(doc([], []), "g1");
    const saver = startAutosave(store, counting, 20);
    for (let i = 0; i < 10; i++) store.getState().edit((d) => addNode(d, "ReLU", { x: i, y: 0 }));
    await new Promise((r) => setTimeout(r, 60));
    await saver.flush();
    saver.stop();
    expect(puts).toBe(1);
  });

  it("reports a stored graph that no longer validates rather than opening it", async () => {
    const storage = memoryStorage();
    await storage.put({
      id: "bad",
      title: "Bad",
      updated: 1,
      nodeCount: 0,
      doc: { format: "nope" } as never,
    });
    await storage.setCurrent("bad");
    const r = await restoreLast(storage);
    expect(r.kind).toBe("unreadable");
    expect(await restoreLast(memoryStorage())).toEqual({ kind: "none" });
  });
});
