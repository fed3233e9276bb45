// A 2-D classifier's decision boundary: the predicted class over the plane as a soft field
// (orange class 0, blue class 1, paler where the model is unsure), the boundary itself as a
// line, and the data on top: training points filled, test points outlined.
import { contours } from "d3";
import { useMemo } from "react";
import type { OutputView } from "../../train/live/types";
import {
  Axes,
  BLUE,
  categoryColor,
  contourPath,
  dotsPath,
  groupBy,
  hexToRgb,
  Legend,
  legendRoom,
  makeFrame,
  ORANGE,
  pixelsToUrl,
  type Size,
} from "./plot";

type View = Extract<OutputView, { kind: "decision-boundary" }>;

const PALE: [number, number, number] = [247, 247, 245];

const classColor = (v: View, k: number) => (v.classes === 2 ? (k === 1 ? BLUE : ORANGE) : categoryColor(k));

function fieldColor(v: View, value: number): [number, number, number] {
  let end: [number, number, number];
  let k: number;
  if (v.classes === 2) {
    // Probability of class 1: sure regions saturated, the uncertain band near the boundary pale.
    end = hexToRgb(value < 0.5 ? ORANGE : BLUE);
    k = 0.12 + 0.5 * Math.abs(value - 0.5) * 2;
  } else {
    end = hexToRgb(categoryColor(Math.round(value)));
    k = 0.45;
  }
  return [
    PALE[0] + (end[0] - PALE[0]) * k,
    PALE[1] + (end[1] - PALE[1]) * k,
    PALE[2] + (end[2] - PALE[2]) * k,
  ];
}

export function DecisionBoundaryView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const [x0, x1, y0, y1] = v.extent;
  const names = v.classNames ?? Array.from({ length: v.classes }, (_, k) => `class ${k}`);
  const f = makeFrame(size, [x0, x1], [y0, y1], { font, square: true, right: legendRoom(names, font) });
  const url = useMemo(
    () =>
      pixelsToUrl(v.res, v.res, (d) => {
        for (let i = 0; i < v.res * v.res; i++) d.set([...fieldColor(v, v.grid[i]), 255], 4 * i);
      }),
    [v],
  );
  // With two classes the boundary is where P(class 1) crosses ½.
  const boundary = useMemo(
    () => (v.classes === 2 ? contours().size([v.res, v.res]).thresholds([0.5])(Array.from(v.grid))[0] : null),
    [v],
  );
  const r = Math.max(3, font * 0.3);
  const groups = groupBy(v.points.y.length, (i) => `${v.points.y[i]}:${v.points.split[i]}`);
  const dots = [...groups].map(([key, idx]) => {
    const [label, split] = key.split(":").map(Number);
    const color = classColor(v, label);
    const d = dotsPath(
      idx.map((i) => f.x(v.points.x[2 * i])),
      idx.map((i) => f.y(v.points.x[2 * i + 1])),
      r,
    );
    // Training points filled; test points outlined, so the held-out ones can be told apart.
    return split === 1 ? (
      <path key={key} d={d} fill="white" stroke={color} strokeWidth={2} />
    ) : (
      <path key={key} d={d} fill={color} stroke="white" strokeWidth={0.7} />
    );
  });
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="predicted class over the input plane with the data points"
      data-testid="ov-decision-boundary"
    >
      <image href={url} x={f.left} y={f.top} width={f.width} height={f.height} preserveAspectRatio="none" />
      {boundary && <path d={contourPath(boundary, [v.res, v.res], f)} className="ov-boundary" />}
      <g>{dots}</g>
      <Axes f={f} font={font} xLabel={v.axes?.[0] ?? "x₁"} yLabel={v.axes?.[1] ?? "x₂"} />
      <Legend
        x={f.left + f.width + font}
        y={f.top + font}
        font={font}
        entries={[
          ...names.map((name, k) => ({ name, color: classColor(v, k) })),
          { name: "train", color: "#666" },
          { name: "test", color: "#666", shape: "ring" as const },
        ]}
      />
    </svg>
  );
}
