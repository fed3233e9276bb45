// A VAE: digits decoded from a grid of latent points (left, z₁ across, z₂ up, over the prior's
// ±3σ) and where the test digits' codes land in the same latent plane (right), by digit.
import { useMemo } from "react";
import type { OutputView } from "../../train/live/types";
import {
  Axes,
  categoryColor,
  dotsPath,
  groupBy,
  Legend,
  makeFrame,
  pixelsToUrl,
  rangeOf,
  type Size,
} from "./plot";

type View = Extract<OutputView, { kind: "generative" }>;

function mosaicUrl(v: View, side: number): string {
  const W = side * v.w;
  const n = v.h * v.w;
  return pixelsToUrl(W, side * v.h, (d) => {
    for (let s = 0; s < side * side; s++) {
      const ox = (s % side) * v.w;
      const oy = Math.floor(s / side) * v.h;
      for (let p = 0; p < n; p++) {
        const g = 255 * (1 - Math.max(0, Math.min(1, v.samples[s * n + p])));
        d.set([g, g, g, 255], 4 * ((oy + Math.floor(p / v.w)) * W + ox + (p % v.w)));
      }
    }
  });
}

export function GenerativeView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const side = v.side ?? Math.round(Math.sqrt(v.samples.length / (v.h * v.w)));
  const zMax = v.zMax ?? 3;
  const url = useMemo(() => mosaicUrl(v, side), [v, side]);
  const half = { width: size.width / 2, height: size.height };
  const g = makeFrame(half, [-zMax, zMax], [-zMax, zMax], { font, square: true });
  const lim = Math.max(
    zMax,
    ...rangeOf(v.latent, 2, 0).map(Math.abs),
    ...rangeOf(v.latent, 2, 1).map(Math.abs),
  );
  const s = makeFrame(half, [-lim, lim], [-lim, lim], { font, square: true, right: font * 4 });
  const labels = [...new Set(v.labels)].filter((l) => l >= 0).sort((a, b) => a - b);
  const r = Math.max(2.5, font * 0.25);
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="decoded samples and the latent scatter of test digits"
      data-testid="ov-generative"
    >
      <g>
        <image
          href={url}
          x={g.left}
          y={g.top}
          width={g.width}
          height={g.height}
          style={{ imageRendering: "pixelated" }}
        />
        <Axes f={g} font={font} xLabel="z₁ (decoded)" yLabel="z₂" />
      </g>
      <g transform={`translate(${size.width / 2}, 0)`}>
        <Axes f={s} font={font} xLabel="μ₁ of test digits" yLabel="μ₂" />
        {[...groupBy(v.labels.length, (i) => String(v.labels[i]))].map(([label, idx]) => (
          <path
            key={label}
            d={dotsPath(
              idx.map((i) => s.x(v.latent[2 * i])),
              idx.map((i) => s.y(v.latent[2 * i + 1])),
              r,
            )}
            fill={categoryColor(Number(label))}
            opacity={0.8}
          />
        ))}
        <rect
          x={s.x(-zMax)}
          y={s.y(zMax)}
          width={s.x(zMax) - s.x(-zMax)}
          height={s.y(-zMax) - s.y(zMax)}
          className="ov-zbox"
        />
        <Legend
          x={s.left + s.width + font * 0.8}
          y={s.top + font}
          font={font}
          entries={labels.map((l) => ({ name: String(l), color: categoryColor(l) }))}
        />
      </g>
    </svg>
  );
}
