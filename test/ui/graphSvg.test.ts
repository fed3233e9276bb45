import { describe, expect, it } from "vitest";
import { type SceneColors, sceneToSvg } from "../../src/ui/io/graphSvg";

const colors: SceneColors = {
  background: "#fff",
  nodeFill: "#fff",
  nodeStroke: "#ccc",
  text: "#000",
  muted: "#666",
  wire: "#999",
  error: "#c00",
  labelFill: "#fff",
  categories: { layers: "#36c" },
};

describe("SVG export", () => {
  it("draws blocks, ports, texts and shape labels, escaping text, sized to the drawing", () => {
    const { svg, width, height } = sceneToSvg(
      [
        {
          category: "layers",
          x: 0,
          y: 0,
          width: 196,
          height: 100,
          texts: [
            { x: 12, y: 16, text: "Linear", role: "title" },
            { x: 80, y: 16, text: "fc<1>", role: "id" },
            { x: 12, y: 36, text: "out_features", value: "8", role: "param" },
          ],
          ports: [{ x: 196, y: 60 }],
          errors: 0,
        },
      ],
      [
        { from: { x: 196, y: 60 }, to: { x: 400, y: 60 }, shape: "[B, 8]", bad: false },
        { from: { x: 196, y: 60 }, to: { x: 210, y: 62 }, shape: "[B, 9]", bad: false },
        { from: { x: 196, y: 60 }, to: { x: 210, y: 62 }, shape: "[B, 7]", bad: true },
      ],
      colors,
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("fc&lt;1&gt;");
    expect(svg).toContain('<tspan fill="#000"> 8</tspan>');
    expect(svg).toContain("[B, 8]");
    // A label with no room between two blocks is left out, as on the canvas, unless the wire is refused.
    expect(svg).not.toContain("[B, 9]");
    expect(svg).toContain("[B, 7]");
    expect(svg).toContain('stroke="#c00"');
    expect(width).toBe(196 + 64);
    expect(height).toBe(100 + 64);
  });
});
