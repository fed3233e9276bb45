// An Embedding table as a scatter: one labelled point per token, coloured by the class it goes
// with; tokens of one group gather as the model learns.
import type { OutputView } from "../../train/live/types";
import { Axes, categoryColor, Legend, legendRoom, makeFrame, range, rangeOf, type Size } from "./plot";

type View = Extract<OutputView, { kind: "embedding-scatter" }>;

export function EmbeddingView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const [a0, a1] = rangeOf(v.points, 2, 0, 0.12);
  const [b0, b1] = rangeOf(v.points, 2, 1, 0.12);
  const classes = [...new Set(v.labels)].filter((l) => l >= 0).sort((a, b) => a - b);
  const names = classes.map((c) => v.classNames?.[c] ?? `class ${c}`);
  const f = makeFrame(size, [a0, a1], [b0, b1], { font, right: legendRoom(names, font) });
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="embedding rows as points"
      data-testid="ov-embedding-scatter"
    >
      <Axes f={f} font={font} xLabel={v.axes?.[0] ?? "dim 0"} yLabel={v.axes?.[1] ?? "dim 1"} />
      {range(v.labels.length).map((i) => (
        <g key={`token${i}`} transform={`translate(${f.x(v.points[2 * i])}, ${f.y(v.points[2 * i + 1])})`}>
          <circle r={font * 0.5} fill={categoryColor(v.labels[i])} stroke="white" strokeWidth={1} />
          <text x={font * 0.7} dy="0.35em" fontSize={font * 0.9} className="ov-point-label">
            {v.names?.[i] ?? i}
          </text>
        </g>
      ))}
      <Legend
        x={f.left + f.width + font}
        y={f.top + font}
        font={font}
        entries={classes.map((c, k) => ({ name: names[k], color: categoryColor(c) }))}
      />
    </svg>
  );
}
