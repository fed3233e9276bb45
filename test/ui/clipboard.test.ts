import { describe, expect, it } from "vitest";
import { copyText, pasteOffset, readFragment } from "../../src/ui/state/clipboard";
import { doc, e, n } from "../helpers/docs";

describe("clipboard: a GraphDoc fragment as text", () => {
  const d = doc(
    [n("x", "Input", { shape: [4] }), n("fc1", "Linear", { out_features: 8 }), n("act", "ReLU")],
    [e("x.out", "fc1.in"), e("fc1.out", "act.in")],
  );

  it("copies the selected nodes and only the wires among them, as a loadable GraphDoc", () => {
    const text = copyText(d, ["fc1", "act"])!;
    const parsed = JSON.parse(text);
    expect(parsed.format).toBe("wiregrad-graph");
    expect(parsed.nodes.map((x: { id: string }) => x.id)).toEqual(["fc1", "act"]);
    expect(parsed.edges.map((x: { id: string }) => x.id)).toEqual(["fc1.out->act.in"]);
    expect(readFragment(text)?.nodes).toHaveLength(2);
  });

  it("copies nothing when nothing is selected and ignores text that is not a graph", () => {
    expect(copyText(d, [])).toBeNull();
    expect(readFragment("hello")).toBeNull();
    expect(readFragment('{"format": "something-else"}')).toBeNull();
  });

  it("puts the fragment's top-left at the cursor, or nudges it", () => {
    const frag = { nodes: [{ ...n("a", "ReLU"), position: { x: 100, y: 50 } }], edges: [] };
    expect(pasteOffset(frag, { x: 300, y: 300 })).toEqual({ x: 200, y: 250 });
    expect(pasteOffset(frag)).toEqual({ x: 40, y: 40 });
  });
});
