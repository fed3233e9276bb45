// A layered layout for a small DAG of primitives: each op one layer after its latest input,
// ops in a layer in program order. Left to right or top to bottom, whichever fills the box
// better. Synchronous and deterministic, which suits a graph redrawn at every step (elkjs is
// async and heavier).

export interface LayoutInput {
  id: number;
  inputs: number[];
  /** Width in layout units (from the label's length). */
  width: number;
}

export interface Placed {
  id: number;
  x: number;
  y: number;
  width: number;
}

export interface Layout {
  placed: Map<number, Placed>;
  width: number;
  height: number;
  /** Where edges leave and enter a box. */
  direction: "right" | "down";
}

export const NODE_H = 40;
const ROW_H = 64;
const GAP_X = 48;
const GAP_Y = 44;
const GAP_ACROSS = 16;

function layers(nodes: LayoutInput[]): LayoutInput[][] {
  const layer = new Map<number, number>();
  const present = new Set(nodes.map((n) => n.id));
  const columns: LayoutInput[][] = [];
  for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
    const inner = n.inputs.filter((i) => present.has(i)).map((i) => layer.get(i) ?? 0);
    const l = inner.length ? Math.max(...inner) + 1 : 0;
    layer.set(n.id, l);
    columns[l] = [...(columns[l] ?? []), n];
  }
  return columns.filter(Boolean);
}

export function layerLayout(nodes: LayoutInput[], direction: "right" | "down" = "right"): Layout {
  const placed = new Map<number, Placed>();
  let along = 0;
  let across = 0;
  for (const col of layers(nodes)) {
    if (direction === "right") {
      const w = Math.max(...col.map((n) => n.width));
      col.forEach((n, r) => {
        placed.set(n.id, { id: n.id, x: along + (w - n.width) / 2, y: r * ROW_H, width: n.width });
      });
      across = Math.max(across, col.length * ROW_H - (ROW_H - NODE_H));
      along += w + GAP_X;
    } else {
      let x = 0;
      for (const n of col) {
        placed.set(n.id, { id: n.id, x, y: along, width: n.width });
        x += n.width + GAP_ACROSS;
      }
      across = Math.max(across, x - GAP_ACROSS);
      along += NODE_H + GAP_Y;
    }
  }
  const length = Math.max(0, along - (direction === "right" ? GAP_X : GAP_Y));
  return direction === "right"
    ? { placed, width: length, height: across, direction }
    : { placed, width: across, height: length, direction };
}

/** The direction that draws the graph largest in a box of the given size. */
export function bestLayout(nodes: LayoutInput[], box: { width: number; height: number }): Layout {
  const scale = (l: Layout) => Math.min(box.width / (l.width + 48), box.height / (l.height + 48));
  const right = layerLayout(nodes, "right");
  const down = layerLayout(nodes, "down");
  return scale(down) > scale(right) * 1.05 ? down : right;
}
