import { describe, expect, it } from "vitest";
import {
  addNode,
  connect,
  freeSpot,
  moveNodes,
  pasteFragment,
  removeElements,
  setParam,
} from "../../src/ui/state/docEdits";
import { createEditorStore } from "../../src/ui/state/editorStore";
import { doc, e, n } from "../helpers/docs";

const mlp = () =>
  doc(
    [n("x", "Input", { shape: [4] }), n("fc1", "Linear", { out_features: 8 }), n("act", "ReLU")],
    [e("x.out", "fc1.in"), e("fc1.out", "act.in")],
  );

describe("editor store: every change undoable from immer patches", () => {
  it("undoes and redoes a single edit, covering param edits", () => {
    const s = createEditorStore(mlp());
    s.getState().edit((d) => setParam(d, "fc1", "out_features", 16), { label: "set out_features" });
    expect(s.getState().doc.nodes[1].params.out_features).toBe(16);
    s.getState().undo();
    expect(s.getState().doc.nodes[1].params.out_features).toBe(8);
    s.getState().redo();
    expect(s.getState().doc.nodes[1].params.out_features).toBe(16);
  });

  it("makes a drag one step however many moves it had", () => {
    const s = createEditorStore(mlp());
    s.getState().beginGesture("move");
    for (let i = 1; i <= 30; i++) s.getState().edit((d) => moveNodes(d, { fc1: { x: i * 3, y: i } }));
    s.getState().endGesture();
    expect(s.getState().history.past).toHaveLength(1);
    expect(s.getState().doc.nodes[1].position).toEqual({ x: 90, y: 30 });
    s.getState().undo();
    expect(s.getState().doc.nodes[1].position).toEqual({ x: 0, y: 0 });
    s.getState().redo();
    expect(s.getState().doc.nodes[1].position).toEqual({ x: 90, y: 30 });
  });

  it("coalesces typing into one field within a second, not across fields", () => {
    const s = createEditorStore(mlp());
    const t0 = 1_000_000;
    s.getState().edit((d) => setParam(d, "fc1", "out_features", 1), {
      coalesce: "fc1.out_features",
      now: t0,
    });
    s.getState().edit((d) => setParam(d, "fc1", "out_features", 12), {
      coalesce: "fc1.out_features",
      now: t0 + 300,
    });
    s.getState().edit((d) => setParam(d, "fc1", "out_features", 128), {
      coalesce: "fc1.out_features",
      now: t0 + 600,
    });
    s.getState().edit((d) => setParam(d, "fc1", "bias", false), { coalesce: "fc1.bias", now: t0 + 700 });
    s.getState().edit((d) => setParam(d, "fc1", "out_features", 3), {
      coalesce: "fc1.out_features",
      now: t0 + 5000,
    });
    expect(s.getState().history.past).toHaveLength(3);
    s.getState().undo();
    s.getState().undo();
    expect(s.getState().doc.nodes[1].params).toEqual({ out_features: 128 });
    s.getState().undo();
    expect(s.getState().doc.nodes[1].params).toEqual({ out_features: 8 });
  });

  it("records nothing for an edit that changes nothing, and a new edit clears redo", () => {
    const s = createEditorStore(mlp());
    s.getState().edit((d) => moveNodes(d, { fc1: { x: 0, y: 0 } }));
    expect(s.getState().history.past).toHaveLength(0);
    s.getState().edit((d) => addNode(d, "Tanh", { x: 10, y: 10 }));
    s.getState().undo();
    expect(s.getState().history.future).toHaveLength(1);
    s.getState().edit((d) => addNode(d, "Sigmoid", { x: 10, y: 10 }));
    expect(s.getState().history.future).toHaveLength(0);
  });

  it("drops deleted nodes from the selection and brings back their wires on undo", () => {
    const s = createEditorStore(mlp());
    s.getState().select({ nodes: ["fc1"] });
    s.getState().edit((d) => removeElements(d, ["fc1"]));
    expect(s.getState().selection.nodes).toEqual([]);
    expect(s.getState().doc.edges).toEqual([]);
    s.getState().undo();
    expect(s.getState().doc).toEqual(mlp());
  });

  it("cascades blocks added at the same spot", () => {
    const d = mlp();
    d.nodes[0].position = { x: 100, y: 100 };
    d.nodes[1].position = { x: 128, y: 128 };
    expect(freeSpot(d, { x: 100.4, y: 99.6 })).toEqual({ x: 156, y: 156 });
    expect(freeSpot(d, { x: 400, y: 100 })).toEqual({ x: 400, y: 100 });
  });

  it("replaces the wire on an occupied input instead of adding a second", () => {
    const d = mlp();
    d.nodes.push(n("y", "Input", { shape: [4] }));
    connect(d, { node: "y", port: "out" }, { node: "fc1", port: "in" });
    expect(d.edges.filter((x) => x.target.node === "fc1")).toEqual([
      { id: "y.out->fc1.in", source: { node: "y", port: "out" }, target: { node: "fc1", port: "in" } },
    ]);
  });

  it("pastes with fresh ids, keeping internal wires, as one step", () => {
    const s = createEditorStore(mlp());
    const fragment = { nodes: s.getState().doc.nodes.slice(1), edges: [s.getState().doc.edges[1]] };
    const ids = s.getState().edit((d) => pasteFragment(d, fragment, { x: 40, y: 40 }));
    expect(ids).toEqual(["fc2", "relu1"]);
    const doc = s.getState().doc;
    expect(doc.edges.at(-1)).toMatchObject({ source: { node: "fc2" }, target: { node: "relu1" } });
    expect(doc.nodes.at(-1)!.position).toEqual({ x: 40, y: 40 });
    s.getState().undo();
    expect(s.getState().doc.nodes).toHaveLength(3);
  });

  it("load resets history and selection", () => {
    const s = createEditorStore(mlp());
    s.getState().edit((d) => addNode(d, "Tanh", { x: 0, y: 0 }));
    s.getState().select({ nodes: ["x"] });
    s.getState().load(doc([], []), "other");
    expect(s.getState().history.past).toHaveLength(0);
    expect(s.getState().selection.nodes).toEqual([]);
    expect(s.getState().graphId).toBe("other");
  });
});
