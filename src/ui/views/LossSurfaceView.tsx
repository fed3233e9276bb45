// A loss surface over a parameter plane as contour lines (log-spaced when the loss is positive,
// as Rosenbrock's valley needs), with each optimiser's path from its start to where it is now,
// and the gradient at the current point as an arrow (the autodiff lecture's picture).
import { contours } from "d3";
import { useMemo } from "react";
import type { OutputView } from "../../train/live/types";
import { Axes, CATEGORY, contourPath, Legend, legendRoom, makeFrame, type Size } from "./plot";

type View = Extract<OutputView, { kind: "loss-surface" }>;

/** Levels spread evenly in log(loss) when every value is positive, else evenly in the loss. */
export function surfaceLevels(grid: ArrayLike<number>, count = 14): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < grid.length; i++)
    if (Number.isFinite(grid[i])) {
      lo = Math.min(lo, grid[i]);
      hi = Math.max(hi, grid[i]);
    }
  if (!(hi > lo)) return [];
  if (lo > 0) {
    const a = Math.log(lo);
    const b = Math.log(hi);
    return Array.from({ length: count }, (_, i) => Math.exp(a + ((i + 0.5) / count) * (b - a)));
  }
  return Array.from({ length: count }, (_, i) => lo + ((i + 0.5) / count) * (hi - lo));
}

export function LossSurfaceView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const [x0, x1, y0, y1] = v.extent;
  const single = v.trajectories.length === 1 && v.trajectories[0].grad;
  const f = makeFrame(size, [x0, x1], [y0, y1], {
    font,
    right: legendRoom([...v.trajectories.map((t) => t.name), single ? "−∇ at the point" : ""], font),
  });
  const levels = useMemo(() => surfaceLevels(v.grid), [v]);
  const shapes = useMemo(
    () => contours().size([v.res, v.res]).thresholds(levels)(Array.from(v.grid)),
    [v, levels],
  );
  const arrowLen = Math.min(f.width, f.height) * 0.18;
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="loss contours with optimiser paths"
      data-testid="ov-loss-surface"
    >
      <defs>
        <marker
          id="ov-arrow"
          viewBox="0 0 10 10"
          refX="8"
          refY="5"
          markerWidth="6"
          markerHeight="6"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill="var(--text)" />
        </marker>
      </defs>
      {shapes.map((c, i) => (
        <path
          key={c.value}
          d={contourPath(c, [v.res, v.res], f)}
          className="ov-contour"
          // Each level's region adds a wash, so the valley floor stays lightest and the walls darken.
          fill={`rgb(63 91 216 / ${0.05 + (0.3 * i) / Math.max(1, shapes.length)})`}
        />
      ))}
      <Axes f={f} font={font} xLabel={v.axes?.[0] ?? "x"} yLabel={v.axes?.[1] ?? "y"} />
      {v.trajectories.map((t, k) => {
        const color = CATEGORY[k % CATEGORY.length];
        const pts = Array.from({ length: t.points.length / 2 }, (_, i) => [
          f.x(t.points[2 * i]),
          f.y(t.points[2 * i + 1]),
        ]);
        const last = pts[pts.length - 1];
        const g = t.grad;
        const norm = g ? Math.hypot(g[0], g[1]) : 0;
        return (
          <g key={t.name} data-testid={`ov-path-${t.name}`}>
            <polyline
              points={pts.map((p) => p.join(",")).join(" ")}
              fill="none"
              stroke={color}
              strokeWidth={3}
              strokeLinejoin="round"
            />
            <circle
              cx={pts[0][0]}
              cy={pts[0][1]}
              r={font * 0.3}
              fill="white"
              stroke={color}
              strokeWidth={2}
            />
            <circle cx={last[0]} cy={last[1]} r={font * 0.42} fill={color} stroke="white" strokeWidth={1.5} />
            {v.trajectories.length === 1 && g && norm > 0 && (
              // Pointing downhill (−∇): where a gradient step goes.
              <line
                x1={last[0]}
                y1={last[1]}
                x2={last[0] - (g[0] / norm) * arrowLen}
                y2={last[1] + (g[1] / norm) * arrowLen}
                stroke="var(--text)"
                strokeWidth={2.5}
                markerEnd="url(#ov-arrow)"
              />
            )}
          </g>
        );
      })}
      <Legend
        x={f.left + f.width + font}
        y={f.top + font}
        font={font}
        entries={v.trajectories.map((t, k) => ({
          name: t.name,
          color: CATEGORY[k % CATEGORY.length],
          shape: "line" as const,
        }))}
      />
      {v.trajectories.length === 1 && v.trajectories[0].grad && (
        <text
          x={f.left + f.width + font}
          y={f.top + font * 3.4}
          fontSize={font * 0.85}
          className="ov-caption"
        >
          <tspan x={f.left + f.width + font}>arrow: −∇ at the point</tspan>
          <tspan x={f.left + f.width + font} dy="1.4em">
            ∇ = ({v.trajectories[0].grad[0].toFixed(3)},
          </tspan>
          <tspan x={f.left + f.width + font} dy="1.3em">
            {"     "}
            {v.trajectories[0].grad[1].toFixed(3)})
          </tspan>
        </text>
      )}
    </svg>
  );
}
