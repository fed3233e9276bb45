// A small picture of a graph for the gallery cards: blocks as category-coloured boxes at
// their positions, wires as curves. Drawn from the document, so it needs no canvas.
import { getBlock } from "../../../nodes";
import type { GraphDoc } from "../../graph/doc";

const W = 180;
const H = 72;

export function GraphThumbnail({ doc }: { doc: GraphDoc }) {
  if (doc.nodes.length === 0) return <div className="thumb thumb-empty">empty</div>;
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const minX = Math.min(...xs) - 20;
  const minY = Math.min(...ys) - 20;
  const width = Math.max(...xs) + W + 20 - minX;
  const height = Math.max(...ys) + H + 20 - minY;
  const at = new Map(doc.nodes.map((n) => [n.id, n.position]));
  return (
    <svg
      className="thumb"
      viewBox={`${minX} ${minY} ${width} ${height}`}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
    >
      {doc.edges.map((e) => {
        const a = at.get(e.source.node);
        const b = at.get(e.target.node);
        if (!a || !b) return null;
        const x1 = a.x + W;
        const y1 = a.y + H / 2;
        const x2 = b.x;
        const y2 = b.y + H / 2;
        const dx = Math.max(40, (x2 - x1) / 2);
        return (
          <path
            key={e.id}
            d={`M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`}
            className="thumb-wire"
          />
        );
      })}
      {doc.nodes.map((n) => (
        <g key={n.id} className={`thumb-node cat-${getBlock(n.type)?.category ?? "unknown"}`}>
          <rect x={n.position.x} y={n.position.y} width={W} height={H} rx={10} />
          <rect x={n.position.x} y={n.position.y} width={W} height={14} rx={5} className="thumb-band" />
        </g>
      ))}
    </svg>
  );
}
