// The shared frame of the output views: a measured box, linear scales, axes with labelled
// ticks, and a colour-blind-safe palette. Views draw inside the frame in SVG; dense fields
// and images are painted on a small canvas and placed as an <image>.
import { extent as d3extent, type ScaleLinear, scaleLinear } from "d3";
import { type ReactNode, useLayoutEffect, useRef, useState } from "react";

/** Okabe–Ito: distinguishable with every common colour-vision deficiency. */
export const CATEGORY = [
  "#E69F00",
  "#0072B2",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#000000",
];
export const categoryColor = (k: number): string => (k < 0 ? "#8b93a2" : CATEGORY[k % CATEGORY.length]);

/** Two classes use the Playground's orange and blue, as the node views do. */
export const ORANGE = "#E69F00";
export const BLUE = "#0072B2";

export interface Size {
  width: number;
  height: number;
}

/** The element's size, following it as it resizes. */
export function useSize<T extends HTMLElement>(): [React.RefObject<T | null>, Size] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Same size, same object: a fresh one each time re-rendered every view below on each observation.
    const measure = () =>
      setSize((s) =>
        s.width === el.clientWidth && s.height === el.clientHeight
          ? s
          : { width: el.clientWidth, height: el.clientHeight },
      );
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

export interface Frame {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** The plot area inside the margins. */
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Margins that leave room for tick labels and axis titles at the view's font size. */
export function makeFrame(
  size: Size,
  xDomain: [number, number],
  yDomain: [number, number],
  opts: { font: number; square?: boolean; right?: number; top?: number },
): Frame {
  const left = Math.round(opts.font * 4.2);
  const bottom = Math.round(opts.font * 3.2);
  const top = opts.top ?? Math.round(opts.font * 0.8);
  const right = opts.right ?? Math.round(opts.font * 1.2);
  let width = Math.max(10, size.width - left - right);
  let height = Math.max(10, size.height - top - bottom);
  if (opts.square) {
    // Same units on both axes: a circle in the data stays a circle on the screen.
    const unit = Math.min(width / (xDomain[1] - xDomain[0]), height / (yDomain[1] - yDomain[0]));
    width = unit * (xDomain[1] - xDomain[0]);
    height = unit * (yDomain[1] - yDomain[0]);
  }
  return {
    x: scaleLinear()
      .domain(xDomain)
      .range([left, left + width]),
    y: scaleLinear()
      .domain(yDomain)
      .range([top + height, top]),
    left,
    top,
    width,
    height,
  };
}

/** The axes of a frame: ticks, numbers and titles, drawn quietly under the data. */
export function Axes({
  f,
  xLabel,
  yLabel,
  font,
}: {
  f: Frame;
  xLabel?: string;
  yLabel?: string;
  font: number;
}) {
  const xt = f.x.ticks(Math.max(2, Math.floor(f.width / (font * 6))));
  const yt = f.y.ticks(Math.max(2, Math.floor(f.height / (font * 3))));
  const fx = f.x.tickFormat(xt.length);
  const fy = f.y.tickFormat(yt.length);
  const bottom = f.top + f.height;
  return (
    <g className="ov-axes" fontSize={font}>
      <rect x={f.left} y={f.top} width={f.width} height={f.height} className="ov-frame" />
      {xt.map((t) => (
        <g key={`x${t}`}>
          <line x1={f.x(t)} x2={f.x(t)} y1={bottom} y2={bottom + 5} className="ov-tick" />
          <text x={f.x(t)} y={bottom + 6 + font} textAnchor="middle">
            {fx(t)}
          </text>
        </g>
      ))}
      {yt.map((t) => (
        <g key={`y${t}`}>
          <line x1={f.left - 5} x2={f.left} y1={f.y(t)} y2={f.y(t)} className="ov-tick" />
          <text x={f.left - 8} y={f.y(t)} dy="0.35em" textAnchor="end">
            {fy(t)}
          </text>
        </g>
      ))}
      {xLabel && (
        <text className="ov-axis-title" x={f.left + f.width / 2} y={bottom + 2.6 * font} textAnchor="middle">
          {xLabel}
        </text>
      )}
      {yLabel && (
        <text
          className="ov-axis-title"
          transform={`translate(${f.left - 3.3 * font}, ${f.top + f.height / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yLabel}
        </text>
      )}
    </g>
  );
}

/** A box that measures itself and hands its size to the drawing. */
export function Measured({ children, className }: { children: (s: Size) => ReactNode; className?: string }) {
  const [ref, size] = useSize<HTMLDivElement>();
  return (
    <div ref={ref} className={`ov-measured ${className ?? ""}`}>
      {size.width > 0 && size.height > 0 && children(size)}
    </div>
  );
}

/** Paints w×h RGBA pixels into a data URL (for an SVG <image>). */
export function pixelsToUrl(w: number, h: number, paint: (data: Uint8ClampedArray) => void): string {
  const c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  const g = c.getContext("2d")!;
  const img = g.createImageData(w, h);
  paint(img.data);
  g.putImageData(img, 0, 0);
  return c.toDataURL();
}

/** [lo, hi] of values (finite ones), widened when empty or flat. */
export function rangeOf(values: ArrayLike<number>, stride = 1, offset = 0, pad = 0.05): [number, number] {
  const v: number[] = [];
  for (let i = offset; i < values.length; i += stride) if (Number.isFinite(values[i])) v.push(values[i]);
  const [lo, hi] = d3extent(v) as [number | undefined, number | undefined];
  if (lo === undefined || hi === undefined) return [-1, 1];
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - pad * span, hi + pad * span];
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** An SVG path for a d3 contour (coordinates in grid cells), mapped to the plot area. */
export function contourPath(
  c: { coordinates: number[][][][] },
  res: [number, number],
  f: Pick<Frame, "left" | "top" | "width" | "height">,
): string {
  const sx = f.width / res[0];
  const sy = f.height / res[1];
  let d = "";
  for (const polygon of c.coordinates)
    for (const ring of polygon) {
      ring.forEach(([x, y], i) => {
        d += `${i ? "L" : "M"}${(f.left + x * sx).toFixed(1)},${(f.top + y * sy).toFixed(1)}`;
      });
      d += "Z";
    }
  return d;
}

/** Right margin that fits a legend of these names at this font (swatch, gap, text, padding). */
export const legendRoom = (names: string[], font: number): number =>
  font * (2.6 + 0.56 * Math.max(0, ...names.map((n) => n.length)));

/** A legend: a swatch (dot or line) and a name per entry, stacked. */
export function Legend({
  x,
  y,
  font,
  entries,
}: {
  x: number;
  y: number;
  font: number;
  entries: { name: string; color: string; shape?: "dot" | "ring" | "line" | "dash" }[];
}) {
  return (
    <g className="ov-legend" fontSize={font} transform={`translate(${x}, ${y})`}>
      {entries.map((e, k) => (
        <g key={e.name} transform={`translate(0, ${k * font * 1.55})`}>
          {e.shape === "line" || e.shape === "dash" ? (
            <line
              x1={0}
              x2={font * 1.1}
              y1={-font * 0.33}
              y2={-font * 0.33}
              stroke={e.color}
              strokeWidth={3}
              strokeDasharray={e.shape === "dash" ? "5 4" : undefined}
            />
          ) : (
            <circle
              r={font * 0.38}
              cx={font * 0.5}
              cy={-font * 0.33}
              fill={e.shape === "ring" ? "white" : e.color}
              stroke={e.color}
              strokeWidth={e.shape === "ring" ? 2 : 0}
            />
          )}
          <text x={font * 1.5}>{e.name}</text>
        </g>
      ))}
    </g>
  );
}

/** Many dots as one path (two arcs each): hundreds of points cost one DOM node per colour. */
export function dotsPath(xs: number[], ys: number[], r: number): string {
  let d = "";
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    d += `M${(xs[i] - r).toFixed(1)},${ys[i].toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  }
  return d;
}

/** Indices 0..n-1 grouped by a key (a class, a split), so each group is drawn as one path. */
export function groupBy(n: number, key: (i: number) => string): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = key(i);
    const g = m.get(k);
    if (g) g.push(i);
    else m.set(k, [i]);
  }
  return m;
}

/** 0..n-1, for drawing one element per sample or category (the number is its identity). */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
