// An image classifier on test images: a grid of digits, each with its predicted label (red and
// struck when wrong, with the true one beside it), and the confusion matrix over the test images.
import { useMemo } from "react";
import type { OutputView } from "../../train/live/types";
import { pixelsToUrl, range, type Size } from "./plot";

type View = Extract<OutputView, { kind: "image-predictions" }>;

function imageUrl(v: View, i: number): string {
  const n = v.h * v.w;
  return pixelsToUrl(v.w, v.h, (d) => {
    for (let p = 0; p < n; p++) {
      // Ink dark on white, as digits are written.
      const g = 255 * (1 - Math.max(0, Math.min(1, v.images[i * n + p])));
      d[4 * p] = g;
      d[4 * p + 1] = g;
      d[4 * p + 2] = g;
      d[4 * p + 3] = 255;
    }
  });
}

export function ImagePredictionsView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const names = v.classNames ?? Array.from({ length: v.classes }, (_, k) => String(k));
  // The grid takes the left part, the confusion matrix a square on the right.
  const matrixSide = Math.min(size.height - font * 3.5, size.width * 0.42);
  const gridWidth = size.width - matrixSide - font * 4;
  const label = font * 1.25;
  // A digit must stay readable: in a small panel show fewer of them rather than smaller ones.
  const minCell = font * 3.6;
  const fit = Math.floor(gridWidth / minCell) * Math.floor((size.height - font * 2) / minCell);
  const n = Math.max(1, Math.min(v.truth.length, fit));
  // Only the digits shown: encoding all of them (200 PNGs) on every update cost the page its frame rate.
  const urls = useMemo(() => range(n).map((i) => imageUrl(v, i)), [v, n]);
  const cols = Math.max(1, Math.ceil(Math.sqrt((n * gridWidth) / Math.max(1, size.height))));
  const rows = Math.ceil(n / cols);
  const cell = Math.min(gridWidth / cols, (size.height - font * 2) / rows);
  const img = Math.max(8, cell - label - 4);
  const wrong = range(n).filter((i) => v.predicted[i] >= 0 && v.truth[i] !== v.predicted[i]).length;
  const cm = matrixSide / (v.classes + 1.2);
  const max = Math.max(1, ...v.confusion);
  const mx = size.width - matrixSide;
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="test digits with predicted labels and a confusion matrix"
      data-testid="ov-image-predictions"
    >
      <text x={0} y={font} fontSize={font} className="ov-caption">
        {`${n - wrong} of ${n} right`}
        {v.evaluated ? ` · ${(v.accuracy * 100).toFixed(1)} % of ${v.evaluated} test images` : ""}
      </text>
      {range(n).map((i) => {
        const t = v.truth[i];
        const x = (i % cols) * cell;
        const y = font * 1.6 + Math.floor(i / cols) * cell;
        const p = v.predicted[i];
        const bad = p >= 0 && p !== t;
        return (
          <g key={`digit${i}`} data-testid={bad ? "ov-digit-wrong" : "ov-digit"}>
            <image
              href={urls[i]}
              x={x}
              y={y}
              width={img}
              height={img}
              style={{ imageRendering: "pixelated" }}
            />
            {bad && <rect x={x} y={y} width={img} height={img} className="ov-wrong-box" />}
            <text
              x={x + img / 2}
              y={y + img + label * 0.85}
              fontSize={label * 0.8}
              textAnchor="middle"
              className={bad ? "ov-wrong" : "ov-right"}
            >
              {p < 0 ? "?" : names[p]}
              {bad ? ` (${names[t]})` : ""}
            </text>
          </g>
        );
      })}
      <g transform={`translate(${mx}, ${font * 1.6})`} fontSize={Math.min(font, cm * 0.55)}>
        <text
          x={cm * 1.2 + (cm * v.classes) / 2}
          y={-font * 0.3}
          textAnchor="middle"
          className="ov-axis-title"
        >
          predicted
        </text>
        {names.map((name, k) => (
          <g key={name}>
            <text x={cm * 1.2 + cm * (k + 0.5)} y={cm * (v.classes + 0.8)} textAnchor="middle">
              {name}
            </text>
            <text x={cm * 0.9} y={cm * (k + 0.5)} dy="0.35em" textAnchor="end">
              {name}
            </text>
          </g>
        ))}
        <text
          transform={`translate(${-font * 0.2}, ${(cm * v.classes) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="ov-axis-title"
        >
          true
        </text>
        {range(v.confusion.length).map((i) => {
          const count = v.confusion[i];
          const r = Math.floor(i / v.classes);
          const c = i % v.classes;
          const t = count / max;
          // Diagonal (right) in blue, mistakes in orange: the two never look alike.
          const fill =
            count === 0
              ? "var(--panel-2)"
              : r === c
                ? `rgb(0 114 178 / ${0.15 + 0.85 * t})`
                : `rgb(213 94 0 / ${0.25 + 0.75 * t})`;
          return (
            <g key={`cell${i}`}>
              <rect x={cm * 1.2 + c * cm} y={r * cm} width={cm - 1} height={cm - 1} fill={fill} />
              {count > 0 && cm > font * 1.3 && (
                <text
                  x={cm * 1.2 + (c + 0.5) * cm}
                  y={(r + 0.5) * cm}
                  dy="0.35em"
                  textAnchor="middle"
                  fontSize={Math.min(font * 0.8, cm * 0.45)}
                  fill={t > 0.5 ? "white" : "var(--text)"}
                >
                  {count}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
