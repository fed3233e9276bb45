// Sequence prediction on test windows, side by side: the input window (grey), its true next
// value (filled dot), the model's prediction of it (ring), and the model running on alone,
// each output fed back as its next input (dashed).
import { line } from "d3";
import type { OutputView } from "../../train/live/types";
import { Axes, BLUE, Legend, legendRoom, makeFrame, ORANGE, range, rangeOf, type Size } from "./plot";

type View = Extract<OutputView, { kind: "sequence" }>;

export function SequenceView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const k = v.windows ?? 1;
  const T = v.inputLength ?? v.truth.length - 1;
  const R = v.predicted.length / k;
  const span = T + R;
  const f = makeFrame(size, [0, k * span + (k - 1) * 2], rangeOf([...v.truth, ...v.predicted], 1, 0, 0.1), {
    font,
    right: legendRoom(["predicted next"], font),
  });
  const path = line<[number, number]>()
    .x((p) => f.x(p[0]))
    .y((p) => f.y(p[1]));
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="test windows with true and predicted next values"
      data-testid="ov-sequence"
    >
      <Axes f={f} font={font} xLabel="time step (3 test windows)" yLabel="value" />
      {range(k).map((w) => {
        const o = w * (span + 2);
        const truth = Array.from(
          { length: T },
          (_, t) => [o + t, v.truth[w * (T + 1) + t]] as [number, number],
        );
        const next: [number, number] = [o + T, v.truth[w * (T + 1) + T]];
        const run = Array.from(
          { length: R },
          (_, t) => [o + T + t, v.predicted[w * R + t]] as [number, number],
        );
        return (
          <g key={`window${w}`}>
            <path d={path(truth) ?? ""} className="ov-curve" stroke="#8b93a2" />
            <path
              d={path([truth[T - 1], ...run]) ?? ""}
              className="ov-curve"
              stroke={BLUE}
              strokeDasharray="6 5"
            />
            <circle cx={f.x(next[0])} cy={f.y(next[1])} r={font * 0.42} fill={ORANGE} />
            <circle
              cx={f.x(run[0][0])}
              cy={f.y(run[0][1])}
              r={font * 0.5}
              fill="none"
              stroke={BLUE}
              strokeWidth={2.5}
            />
          </g>
        );
      })}
      <Legend
        x={f.left + f.width + font}
        y={f.top + font}
        font={font}
        entries={[
          { name: "input window", color: "#8b93a2", shape: "line" },
          { name: "true next", color: ORANGE },
          { name: "predicted next", color: BLUE, shape: "ring" },
          { name: "runs on alone", color: BLUE, shape: "dash" },
        ]}
      />
    </svg>
  );
}
