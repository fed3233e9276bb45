// A learned categorical distribution: one bar per category (the probabilities), the latest
// relaxed sample as a thin bar beside each, and how each probability moved over the run.
import { line } from "d3";
import type { OutputView } from "../../train/live/types";
import { Axes, categoryColor, makeFrame, range, type Size } from "./plot";

type View = Extract<OutputView, { kind: "categorical" }>;

export function CategoricalView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const K = v.probs.length;
  const half = { width: size.width * 0.45, height: size.height };
  const b = makeFrame(half, [-0.5, K - 0.5], [0, 1], { font, top: font * 2.4 });
  const bw = (b.width / K) * 0.38;
  const steps = v.history.steps;
  const last = steps.length ? steps[steps.length - 1] : 1;
  const h = makeFrame(
    { width: size.width - half.width, height: size.height },
    [0, Math.max(1, last)],
    [0, 1],
    {
      font,
      right: font * 4,
    },
  );
  const path = line<[number, number]>()
    .x((p) => h.x(p[0]))
    .y((p) => h.y(p[1]));
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="learned probabilities per category and over time"
      data-testid="ov-categorical"
    >
      <Axes
        f={{ ...b, x: b.x.copy().domain([-0.5, K - 0.5]) }}
        font={font}
        xLabel={`category (${v.node})`}
        yLabel="probability"
      />
      {range(K).map((k) => (
        <g key={`bar${k}`}>
          <rect
            x={b.x(k) - bw}
            y={b.y(v.probs[k])}
            width={bw}
            height={b.y(0) - b.y(v.probs[k])}
            fill={categoryColor(k)}
          />
          {v.sample && (
            <rect
              x={b.x(k) + 2}
              y={b.y(v.sample[k])}
              width={bw * 0.6}
              height={b.y(0) - b.y(v.sample[k])}
              fill="none"
              stroke={categoryColor(k)}
              strokeWidth={2}
            />
          )}
          <text
            x={b.x(k) - bw / 2}
            y={b.y(v.probs[k]) - 4}
            textAnchor="middle"
            fontSize={font * 0.8}
            className="ov-caption"
          >
            {v.probs[k].toFixed(2)}
          </text>
        </g>
      ))}
      <g transform={`translate(${half.width}, 0)`}>
        <Axes f={h} font={font} xLabel="step" yLabel="probability over time" />
        {range(K).map((k) => (
          <path
            key={`line${k}`}
            d={path(Array.from(steps, (s, i) => [s, v.history.probs[i * K + k]] as [number, number])) ?? ""}
            className="ov-curve"
            stroke={categoryColor(k)}
          />
        ))}
        {range(K).map((k) => (
          <text
            key={`label${k}`}
            x={h.left + h.width + 6}
            y={h.y(v.probs[k])}
            dy="0.35em"
            fontSize={font * 0.85}
            fill={categoryColor(k)}
          >
            {k}
          </text>
        ))}
      </g>
      {v.sample && (
        <text x={b.left} y={font} fontSize={font * 0.85} className="ov-caption">
          filled: probabilities · outlined: one relaxed sample
        </text>
      )}
    </svg>
  );
}
