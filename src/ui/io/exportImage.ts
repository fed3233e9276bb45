// Export the canvas for slides. Geometry comes from what the canvas shows (React Flow's
// positions, the blocks' rendered text), colours from the current theme, so the picture
// matches the screen and a dark-theme export stays dark.
import type { InternalNode } from "@xyflow/react";
import { editor } from "../app/session";
import { analysisOf } from "../app/useAnalysis";
import { canvasApi } from "../canvas/canvasApi";
import type { BlockFlowNode } from "../canvas/flowModel";
import { titleOf } from "../state/autosave";
import { downloadBlob, fileSlug } from "./download";
import {
  type SceneColors,
  type SceneEdge,
  type SceneNode,
  type SceneText,
  sceneToSvg,
  type TextRole,
} from "./graphSvg";

const CATEGORIES = ["data", "layers", "activations", "math", "losses", "probabilistic", "optimizers"];

function themeColors(): SceneColors {
  const css = getComputedStyle(document.querySelector(".app") ?? document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    background: v("--canvas-bg"),
    nodeFill: v("--node-bg"),
    nodeStroke: v("--node-border"),
    text: v("--text"),
    muted: v("--muted"),
    wire: v("--wire"),
    error: v("--error"),
    labelFill: v("--label-bg"),
    categories: Object.fromEntries(CATEGORIES.map((c) => [c, v(`--cat-${c}`)])),
  };
}

function handleCentre(n: InternalNode<BlockFlowNode>, port: string, side: "source" | "target") {
  const h = n.internals.handleBounds?.[side]?.find((b) => b.id === port);
  const { x, y } = n.internals.positionAbsolute;
  if (!h) return { x: side === "source" ? x + (n.measured.width ?? 0) : x, y: y + 40 };
  return { x: x + h.x + h.width / 2, y: y + h.y + h.height / 2 };
}

/** Text as the block shows it, cut with an ellipsis where the block cuts it. */
function visibleText(el: HTMLElement): string {
  const text = el.textContent?.trim() ?? "";
  if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0) return text;
  const keep = Math.floor((text.length * el.clientWidth) / el.scrollWidth) - 1;
  return keep > 0 ? `${text.slice(0, keep)}…` : "";
}

/** The texts of one rendered block, placed in canvas coordinates. */
function blockTexts(el: Element, origin: { x: number; y: number }, zoom: number): SceneText[] {
  const box = el.getBoundingClientRect();
  const at = (e: Element, anchor: "start" | "end" = "start") => {
    const r = e.getBoundingClientRect();
    return {
      x: origin.x + ((anchor === "end" ? r.right : r.left) - box.left) / zoom,
      y: origin.y + (r.top + r.height / 2 - box.top) / zoom,
      anchor,
    };
  };
  const texts: SceneText[] = [];
  const add = (selector: string, role: TextRole, anchor: "start" | "end" = "start") => {
    for (const e of el.querySelectorAll<HTMLElement>(selector)) {
      const text = visibleText(e);
      if (text) texts.push({ ...at(e, anchor), text, role, bad: e.closest(".port-error") !== null });
    }
  };
  add(".block-title", "title");
  add(".block-id", "id");
  for (const chip of el.querySelectorAll(".param-chip")) {
    const name = chip.querySelector(".param-name")?.textContent ?? "";
    const value = (chip.textContent ?? "").slice(name.length).trim();
    texts.push({ ...at(chip), text: name, value, role: "param" });
  }
  add(".port-in .port-name", "port");
  add(".port-out .port-name", "port", "end");
  add(".port-out .port-shape", "shape", "end");
  return texts;
}

export function buildScene(): { nodes: SceneNode[]; edges: SceneEdge[] } {
  const rf = canvasApi.get();
  const { doc } = editor.getState();
  const { analysis, diagnostics } = analysisOf(doc);
  const bad = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => `${d.node}.${d.port}`));
  const zoom = rf?.getZoom() ?? 1;
  const nodes: SceneNode[] = [];
  for (const n of doc.nodes) {
    const internal = rf?.getInternalNode(n.id);
    const el = document.querySelector(`.react-flow__node[data-id="${CSS.escape(n.id)}"] .block`);
    if (!internal || !el) continue;
    const origin = internal.internals.positionAbsolute;
    nodes.push({
      category: internal.data.category,
      x: origin.x,
      y: origin.y,
      width: internal.measured.width ?? 196,
      height: internal.measured.height ?? 100,
      texts: blockTexts(el, origin, zoom),
      ports: [
        ...internal.data.inputs.map((p) => ({
          ...handleCentre(internal, p.name, "target"),
          bad: bad.has(`${n.id}.${p.name}`),
        })),
        ...internal.data.outputs.map((p) => handleCentre(internal, p.name, "source")),
      ],
      errors: internal.data.errors,
    });
  }
  const edges: SceneEdge[] = [];
  for (const e of doc.edges) {
    const a = rf?.getInternalNode(e.source.node);
    const b = rf?.getInternalNode(e.target.node);
    if (!a || !b) continue;
    const s = analysis.nodes.get(e.source.node)?.shapes?.[e.source.port];
    edges.push({
      from: handleCentre(a, e.source.port, "source"),
      to: handleCentre(b, e.target.port, "target"),
      shape: s ? `[${s.join(", ")}]` : undefined,
      bad: bad.has(`${e.target.node}.${e.target.port}`),
    });
  }
  return { nodes, edges };
}

async function rasterize(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d")!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the PNG could not be encoded"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function exportImage(kind: "png" | "svg"): Promise<void> {
  const { nodes, edges } = buildScene();
  const { svg, width, height } = sceneToSvg(nodes, edges, themeColors());
  const name = fileSlug(titleOf(editor.getState().doc));
  if (kind === "svg") downloadBlob(`${name}.svg`, new Blob([svg], { type: "image/svg+xml" }));
  else downloadBlob(`${name}.png`, await rasterize(svg, width, height));
}
