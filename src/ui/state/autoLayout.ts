// Left-to-right layout with elkjs's layered algorithm. Ports are fixed in the order the node
// draws them (inputs on the west side, outputs on the east), so wires do not cross inside a node.
import type { ELK, ElkNode } from "elkjs/lib/elk-api";
import { getBlock } from "../../../nodes";
import type { GraphDoc } from "../../graph/doc";
import type { XY } from "./docEdits";

export type Sizes = Record<string, { width: number; height: number } | undefined>;

/** Used before React Flow has measured a node (a layout straight after loading a file). */
const FALLBACK = { width: 200, height: 110 };

// ELK is over a megabyte of JavaScript; it loads the first time someone asks for a layout.
let elk: Promise<ELK> | null = null;
function loadElk(): Promise<ELK> {
  elk ??= import("elkjs/lib/elk.bundled.js").then((m) => new m.default());
  return elk;
}

const portId = (node: string, side: "in" | "out", port: string) => `${node}\u0000${side}\u0000${port}`;

export async function autoLayout(doc: GraphDoc, sizes: Sizes = {}): Promise<Record<string, XY>> {
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "110",
      "elk.spacing.nodeNode": "48",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.crossingMinimization.semiInteractive": "true",
    },
    children: doc.nodes.map((n) => {
      const def = getBlock(n.type);
      const size = sizes[n.id] ?? FALLBACK;
      return {
        id: n.id,
        width: size.width,
        height: size.height,
        layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
        ports: [
          ...(def?.inputs ?? []).map((p, i) => ({
            id: portId(n.id, "in", p.name),
            layoutOptions: { "elk.port.side": "WEST", "elk.port.index": String(i) },
          })),
          // ELK orders east-side ports clockwise, i.e. top to bottom.
          ...(def?.outputs ?? []).map((p, i) => ({
            id: portId(n.id, "out", p.name),
            layoutOptions: { "elk.port.side": "EAST", "elk.port.index": String(i) },
          })),
        ],
      };
    }),
    edges: doc.edges.map((e) => ({
      id: e.id,
      sources: [portId(e.source.node, "out", e.source.port)],
      targets: [portId(e.target.node, "in", e.target.port)],
    })),
  };
  const out = await (await loadElk()).layout(graph);
  const positions: Record<string, XY> = {};
  for (const c of out.children ?? []) positions[c.id] = { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) };
  return positions;
}
