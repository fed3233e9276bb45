import { describe, expect, it } from "vitest";
import { analyze } from "../../src/compile/analyze";
import type { GraphDoc } from "../../src/graph/doc";
import { createAnalysisCache } from "../../src/ui/state/analysisCache";
import { diagnose } from "../../src/ui/state/diagnostics";
import { insertOnWire, moveNodes, setParam } from "../../src/ui/state/docEdits";
import { createEditorStore } from "../../src/ui/state/editorStore";
import { doc, e, n } from "../helpers/docs";

/** Input → (Linear, ReLU) × 99 + Linear: 200 blocks in a chain. */
function chain200(): GraphDoc {
  const nodes = [n("x", "Input", { shape: [16] })];
  const edges = [];
  for (let i = 0; i < 199; i++) {
    const id = `b${i}`;
    nodes.push(i % 2 ? n(id, "ReLU") : n(id, "Linear", { out_features: 16 }));
    edges.push(e(`${i ? `b${i - 1}` : "x"}.out`, `${id}.in`));
  }
  return doc(nodes, edges);
}

describe("live analysis in the editor", () => {
  it("re-infers a 200-block chain well within a frame after a param edit", () => {
    const store = createEditorStore(chain200());
    const cached = createAnalysisCache();
    for (let i = 0; i < 10; i++) analyze(store.getState().doc); // warm up the JIT
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      store.getState().edit((d) => setParam(d, "b0", "out_features", 16 + (i % 4)));
      const t = performance.now();
      const a = cached(store.getState().doc);
      diagnose(store.getState().doc, a);
      times.push(performance.now() - t);
      expect(a.problems).toEqual([]);
    }
    times.sort((p, q) => p - q);
    const median = times[times.length >> 1];
    console.log(
      `200-block chain re-infer (analyze + diagnostics): median ${median.toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
    );
    // A frame is 16 ms; leave most of it to React.
    expect(median).toBeLessThan(8);
  });

  it("reuses the analysis when an edit only moves nodes", () => {
    let runs = 0;
    const cached = createAnalysisCache((d) => {
      runs++;
      return analyze(d);
    });
    const store = createEditorStore(chain200());
    const first = cached(store.getState().doc);
    store.getState().edit((d) => moveNodes(d, { b3: { x: 500, y: 20 } }));
    expect(cached(store.getState().doc)).toBe(first);
    store.getState().edit((d) => setParam(d, "b0", "out_features", 4));
    expect(cached(store.getState().doc)).not.toBe(first);
    expect(runs).toBe(2);
  });

  it("offers Insert Flatten where a Linear gets an image, and the fix removes the warning", () => {
    const d = doc(
      [n("img", "Input", { shape: [1, 28, 28] }), n("fc1", "Linear", { out_features: 10 })],
      [e("img.out", "fc1.in")],
    );
    const [warning] = diagnose(d, analyze(d));
    expect(warning).toMatchObject({ severity: "warning", node: "fc1", port: "in", actual: "[B, 1, 28, 28]" });
    expect(warning.fix).toEqual({
      label: "Insert Flatten",
      target: { node: "fc1", port: "in" },
      type: "Flatten",
    });
    insertOnWire(d, warning.fix!.target, warning.fix!.type);
    const a = analyze(d);
    expect(diagnose(d, a)).toEqual([]);
    expect(a.nodes.get("fc1")!.shapes).toEqual({ out: ["B", 10] });
  });

  it("offers Flatten for an error only when flattening would fix it", () => {
    const d = doc(
      [
        n("img", "Input", { shape: [3, 4, 4] }),
        n("lbl", "Input", { shape: [] }),
        n("loss", "CrossEntropyLoss"),
        n("a", "Input", { shape: [3, 4, 4] }),
        n("b", "Input", { shape: [5] }),
        n("sum", "Add"),
      ],
      [e("img.out", "loss.input"), e("lbl.out", "loss.target"), e("a.out", "sum.a"), e("b.out", "sum.b")],
    );
    const diags = diagnose(d, analyze(d));
    const sum = diags.find((x) => x.node === "sum");
    expect(sum?.severity).toBe("error");
    expect(sum?.fix).toBeUndefined();
  });
});
