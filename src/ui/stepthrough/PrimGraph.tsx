// One graph of primitives drawn in SVG: boxes with the value's name and its number, arrows
// from operands. The view box fits the graph, so a small graph is drawn large.
import { memo, useEffect, useMemo, useRef, useState } from "react";
import { bestLayout, NODE_H } from "./layers";

export interface GraphNodeSpec {
  id: number;
  inputs: number[];
  label: string;
  /** Second line: the value or the op. */
  detail: string;
  /** A value from elsewhere (the forward pass, read by the backward pass): drawn faint. */
  ghost?: boolean;
}

interface Props {
  nodes: GraphNodeSpec[];
  /** The current op. */
  current: Set<number>;
  /** Its operands. */
  related: Set<number>;
  title: string;
  testId: string;
}

const CHAR_W = 8.6;
const PAD = 24;
const MAX_CHARS = 18;

const clip = (s: string) => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s);

/** The size of an element, kept up to date. */
function useBoxSize() {
  const ref = useRef<HTMLElement>(null);
  const [size, setSize] = useState({ width: 400, height: 300 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => {
      const { width, height } = e.contentRect;
      if (width > 0 && height > 0) setSize({ width, height });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, size };
}

function PrimGraphImpl({ nodes, current, related, title, testId }: Props) {
  const { ref, size } = useBoxSize();
  const layout = useMemo(
    () =>
      bestLayout(
        nodes.map((n) => ({
          id: n.id,
          inputs: n.inputs,
          width: Math.max(64, CHAR_W * Math.max(clip(n.label).length, clip(n.detail).length) + 20),
        })),
        size,
      ),
    [nodes, size],
  );
  const { placed, width, height, direction } = layout;
  const box = `${-PAD} ${-PAD} ${width + 2 * PAD} ${height + 2 * PAD}`;
  return (
    <figure className="prim-graph" data-testid={testId} ref={ref}>
      <figcaption>{title}</figcaption>
      {nodes.length === 0 ? (
        <p className="muted">Nothing here.</p>
      ) : (
        <svg viewBox={box} preserveAspectRatio="xMidYMin meet" role="img" aria-label={title}>
          <defs>
            <marker
              id={`${testId}-arrow`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="8"
              markerHeight="8"
              markerUnits="userSpaceOnUse"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" className="prim-arrow-head" />
            </marker>
          </defs>
          {nodes.flatMap((n) =>
            n.inputs
              .filter((i) => placed.has(i))
              .map((i, k) => {
                const a = placed.get(i)!;
                const b = placed.get(n.id)!;
                const right = direction === "right";
                const x1 = right ? a.x + a.width : a.x + a.width / 2;
                const y1 = right ? a.y + NODE_H / 2 : a.y + NODE_H;
                const x2 = right ? b.x - 2 : b.x + b.width / 2;
                const y2 = right ? b.y + NODE_H / 2 : b.y - 2;
                const mx = (x1 + x2) / 2;
                const my = (y1 + y2) / 2;
                const d = right
                  ? `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`
                  : `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`;
                const hot = current.has(n.id) && related.has(i);
                return (
                  <path
                    // biome-ignore lint/suspicious/noArrayIndexKey: an op may read one value twice (x · x); the operand slot tells the arrows apart
                    key={`${i}-${n.id}-${k}`}
                    d={d}
                    className={`prim-edge${hot ? " is-hot" : ""}`}
                    markerEnd={`url(#${testId}-arrow)`}
                  />
                );
              }),
          )}
          {nodes.map((n) => {
            const p = placed.get(n.id)!;
            const cls = current.has(n.id) ? " is-current" : related.has(n.id) ? " is-related" : "";
            return (
              <g
                key={n.id}
                transform={`translate(${p.x},${p.y})`}
                className={`prim-node${cls}${n.ghost ? " is-ghost" : ""}`}
                data-op={n.id}
              >
                <title>{`${n.label}\n${n.detail}`}</title>
                <rect width={p.width} height={NODE_H} rx={8} />
                <text x={p.width / 2} y={16} className="prim-label">
                  {clip(n.label)}
                </text>
                <text x={p.width / 2} y={33} className="prim-detail">
                  {clip(n.detail)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}

export const PrimGraph = memo(PrimGraphImpl);
