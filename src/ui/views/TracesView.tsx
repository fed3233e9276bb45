// Scalar parameters and losses over the run, one small chart each, so each keeps its own scale
// (μ heading to 3 and a noisy estimate do not share an axis well).
import { line } from "d3";
import type { OutputView } from "../../train/live/types";
import { Axes, CATEGORY, makeFrame, rangeOf, type Size } from "./plot";

type View = Extract<OutputView, { kind: "traces" }>;

export function TracesView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const n = v.traces.length;
  const cols = n > 2 && size.width > size.height * 1.6 ? 2 : 1;
  const rows = Math.ceil(n / cols);
  const cw = size.width / cols;
  const ch = size.height / rows;
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="parameters and losses over steps"
      data-testid="ov-traces"
    >
      {v.traces.map((t, k) => {
        const steps = Array.from({ length: t.points.length / 2 }, (_, i) => t.points[2 * i]);
        const f = makeFrame(
          { width: cw, height: ch },
          [0, Math.max(1, ...steps)],
          rangeOf(t.points, 2, 1, 0.1),
          {
            font: font * 0.85,
          },
        );
        const path = line<number>()
          .x((i) => f.x(t.points[2 * i]))
          .y((i) => f.y(t.points[2 * i + 1]))(steps.map((_, i) => i));
        const last = t.points[t.points.length - 1];
        return (
          <g key={t.name} transform={`translate(${(k % cols) * cw}, ${Math.floor(k / cols) * ch})`}>
            <Axes f={f} font={font * 0.85} yLabel={t.name} />
            <path d={path ?? ""} className="ov-curve" stroke={CATEGORY[k % CATEGORY.length]} />
            <text
              x={f.left + f.width - 4}
              y={f.top + font}
              textAnchor="end"
              fontSize={font}
              className="ov-value"
            >
              {t.name} = {Number.isFinite(last) ? last.toPrecision(4) : "—"}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
