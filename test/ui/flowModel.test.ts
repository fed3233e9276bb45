import { describe, expect, it } from "vitest";
import { analyze } from "../../src/compile/analyze";
import { createFlowModel } from "../../src/ui/canvas/flowModel";
import { diagnose } from "../../src/ui/state/diagnostics";
import { moveNodes, setParam } from "../../src/ui/state/docEdits";
import { createEditorStore, noSelection } from "../../src/ui/state/editorStore";
import { doc, e, n } from "../helpers/docs";

function setup() {
  const store = createEditorStore(
    doc(
      [n("x", "Input", { shape: [3] }), n("fc1", "Linear", { out_features: 4 }), n("loss", "MSELoss")],
      [e("x.out", "fc1.in"), e("fc1.out", "loss.input")],
    ),
  );
  const model = createFlowModel();
  const run = () => {
    const d = store.getState().doc;
    const a = analyze(d);
    return model({ doc: d, analysis: a, diagnostics: diagnose(d, a), selection: noSelection, measured: {} });
  };
  return { store, run };
}

describe("flow model: what React Flow draws, with stable identities", () => {
  it("puts shapes on output ports and edges, and the error on the port it concerns", () => {
    const { run } = setup();
    const { nodes, edges } = run();
    const fc1 = nodes.find((x) => x.id === "fc1")!;
    expect(fc1.data.outputs).toEqual([{ name: "out", doc: undefined, shape: "[B, 4]" }]);
    expect(edges.find((x) => x.id === "x.out->fc1.in")!.data).toEqual({ shape: "[B, 3]" });
    const loss = nodes.find((x) => x.id === "loss")!;
    expect(loss.data.errors).toBe(1);
    expect(loss.data.inputs.find((p) => p.name === "target")!.issue).toMatchObject({ severity: "error" });
  });

  it("keeps unchanged nodes identical, so memoised components skip rendering", () => {
    const { store, run } = setup();
    const first = run();
    store.getState().edit((d) => moveNodes(d, { loss: { x: 300, y: 10 } }));
    const moved = run();
    expect(moved.nodes[0]).toBe(first.nodes[0]);
    expect(moved.nodes[1]).toBe(first.nodes[1]);
    expect(moved.nodes[2]).not.toBe(first.nodes[2]);
    expect(moved.nodes[2].data).toBe(first.nodes[2].data);
    expect(moved.edges[0]).toBe(first.edges[0]);

    store.getState().edit((d) => setParam(d, "fc1", "out_features", 5));
    const edited = run();
    expect(edited.nodes[0]).toBe(first.nodes[0]);
    expect(edited.nodes[1].data).not.toBe(first.nodes[1].data);
    expect(edited.edges[1].data?.shape).toBe("[B, 5]");
  });
});
