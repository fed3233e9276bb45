// The canvas as a standalone SVG for slides: blocks, ports, wires and shape labels drawn
// as vectors at the places the canvas shows them, so the picture stays sharp at any size.
import { getBezierPath, Position } from "@xyflow/react";
import { shapeLabelFits } from "../canvas/edgeLabelFit";

export type TextRole = "title" | "id" | "param" | "port" | "shape";

/** One line of text, centred vertically on y; `accent` splits a param into name and value. */
export interface SceneText {
  x: number;
  y: number;
  text: string;
  role: TextRole;
  anchor?: "start" | "end";
  bad?: boolean;
  /** For params: the value that follows the muted name. */
  value?: string;
}

export interface ScenePort {
  /** Handle centre, in canvas coordinates. */
  x: number;
  y: number;
  bad?: boolean;
}

export interface SceneNode {
  category: string;
  x: number;
  y: number;
  width: number;
  height: number;
  texts: SceneText[];
  ports: ScenePort[];
  errors: number;
}

export interface SceneEdge {
  from: { x: number; y: number };
  to: { x: number; y: number };
  shape?: string;
  bad: boolean;
}

export interface SceneColors {
  background: string;
  nodeFill: string;
  nodeStroke: string;
  text: string;
  muted: string;
  wire: string;
  error: string;
  labelFill: string;
  categories: Record<string, string>;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const FONT = "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif";
const MONO = "'JetBrains Mono', 'SF Mono', Menlo, Consolas, monospace";

const STYLE: Record<TextRole, { font: string; size: number; weight?: number; muted?: boolean }> = {
  title: { font: FONT, size: 15, weight: 650 },
  id: { font: MONO, size: 12.5, muted: true },
  param: { font: MONO, size: 12.5, muted: true },
  port: { font: FONT, size: 13 },
  shape: { font: MONO, size: 12.5, muted: true },
};

function textSvg(t: SceneText, c: SceneColors): string {
  const s = STYLE[t.role];
  const fill = t.bad ? c.error : s.muted ? c.muted : c.text;
  const attrs = `x="${t.x}" y="${t.y}" dominant-baseline="central" font-family="${s.font}" font-size="${s.size}"${s.weight ? ` font-weight="${s.weight}"` : ""} fill="${fill}"${t.anchor === "end" ? ' text-anchor="end"' : ""}`;
  const value = t.value ? `<tspan fill="${c.text}"> ${esc(t.value)}</tspan>` : "";
  return `<text ${attrs}>${esc(t.text)}${value}</text>`;
}

function nodeSvg(n: SceneNode, i: number, c: SceneColors): string {
  const accent = n.errors ? c.error : (c.categories[n.category] ?? c.muted);
  const stroke = n.errors ? c.error : c.nodeStroke;
  return [
    "<g>",
    `<rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="10" fill="${c.nodeFill}" stroke="${stroke}"/>`,
    // The category band along the top edge, clipped to the block's rounded corners.
    `<clipPath id="block-${i}"><rect x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="10"/></clipPath>`,
    `<rect x="${n.x}" y="${n.y}" width="${n.width}" height="4" fill="${accent}" clip-path="url(#block-${i})"/>`,
    ...n.ports.map(
      (p) =>
        `<circle cx="${p.x}" cy="${p.y}" r="5" fill="${c.nodeFill}" stroke="${p.bad ? c.error : accent}" stroke-width="2"/>`,
    ),
    ...n.texts.map((t) => textSvg(t, c)),
    "</g>",
  ].join("");
}

function edgeSvg(e: SceneEdge, c: SceneColors): string {
  const [path, lx, ly] = getBezierPath({
    sourceX: e.from.x,
    sourceY: e.from.y,
    sourcePosition: Position.Right,
    targetX: e.to.x,
    targetY: e.to.y,
    targetPosition: Position.Left,
  });
  const stroke = e.bad ? c.error : c.wire;
  const dash = e.bad ? ' stroke-dasharray="7 5"' : "";
  const out = [`<path d="${path}" fill="none" stroke="${stroke}" stroke-width="2"${dash}/>`];
  if (e.shape && (e.bad || shapeLabelFits(e.to.x - e.from.x, e.to.y - e.from.y, e.shape))) {
    const w = e.shape.length * 7.6 + 18;
    out.push(
      `<rect x="${lx - w / 2}" y="${ly - 11}" width="${w}" height="22" rx="11" fill="${c.labelFill}" stroke="${stroke}"/>`,
      `<text x="${lx}" y="${ly}" dominant-baseline="central" font-family="${MONO}" font-size="12.5" fill="${e.bad ? c.error : c.text}" text-anchor="middle">${esc(e.shape)}</text>`,
    );
  }
  return out.join("");
}

/** The SVG document text; `padding` is added around the drawing's bounds. */
export function sceneToSvg(
  nodes: SceneNode[],
  edges: SceneEdge[],
  colors: SceneColors,
  padding = 32,
): { svg: string; width: number; height: number } {
  const minX = Math.min(0, ...nodes.map((n) => n.x)) - padding;
  const minY = Math.min(0, ...nodes.map((n) => n.y)) - padding;
  const maxX = Math.max(0, ...nodes.map((n) => n.x + n.width)) + padding;
  const maxY = Math.max(0, ...nodes.map((n) => n.y + n.height)) + padding;
  const width = Math.ceil(maxX - minX);
  const height = Math.ceil(maxY - minY);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX} ${minY} ${width} ${height}">`,
    `<rect x="${minX}" y="${minY}" width="${width}" height="${height}" fill="${colors.background}"/>`,
    ...edges.map((e) => edgeSvg(e, colors)),
    ...nodes.map((n, i) => nodeSvg(n, i, colors)),
    "</svg>",
  ].join("\n");
  return { svg, width, height };
}
