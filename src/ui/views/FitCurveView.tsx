// A 1-D regression: the model's curve over the data, training points filled and held-out
// points outlined (an overfit curve bends through the filled ones and misses the others).
import { line } from "d3";
import type { OutputView } from "../../train/live/types";
import {
  Axes,
  BLUE,
  dotsPath,
  groupBy,
  Legend,
  legendRoom,
  makeFrame,
  ORANGE,
  rangeOf,
  type Size,
} from "./plot";

type View = Extract<OutputView, { kind: "fit-curve" }>;

export function FitCurveView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const ys = [...v.points.y, ...v.ys];
  const f = makeFrame(size, [v.xs[0], v.xs[v.xs.length - 1]], rangeOf(ys, 1, 0, 0.08), {
    font,
    right: legendRoom(["model", "train"], font),
  });
  const path = line<number>()
    .x((i) => f.x(v.xs[i]))
    .y((i) => f.y(Math.max(f.y.domain()[0], Math.min(f.y.domain()[1], v.ys[i]))))(
    Array.from(v.xs, (_, i) => i),
  );
  const r = Math.max(3, font * 0.3);
  const split = v.points.split;
  const hasTest = !!split && split.some((s) => s === 1);
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="the model's curve over the data"
      data-testid="ov-fit-curve"
    >
      <Axes f={f} font={font} xLabel="x" yLabel="y" />
      {/* Held-out points first, so the few training points stay visible on top. */}
      {[...groupBy(v.points.x.length, (i) => (split?.[i] === 1 ? "test" : "train"))]
        .sort(([a], [b]) => (a === "test" ? -1 : b === "test" ? 1 : 0))
        .map(([key, idx]) => {
          const d = dotsPath(
            idx.map((i) => f.x(v.points.x[i])),
            idx.map((i) => f.y(v.points.y[i])),
            r,
          );
          return key === "test" ? (
            <path key={key} d={d} fill="none" stroke="#8b93a2" strokeWidth={1.5} />
          ) : (
            <path key={key} d={d} fill={ORANGE} stroke="white" strokeWidth={0.7} />
          );
        })}
      <path d={path ?? ""} className="ov-curve" stroke={BLUE} />
      <Legend
        x={f.left + f.width + font}
        y={f.top + font}
        font={font}
        entries={[
          { name: "model", color: BLUE, shape: "line" },
          { name: "train", color: ORANGE },
          ...(hasTest ? [{ name: "test", color: "#8b93a2", shape: "ring" as const }] : []),
        ]}
      />
    </svg>
  );
}
