// Loss (or accuracy) against steps for every visible run: train as a line, test as dots on a
// dashed line. d3 computes scales and paths; React draws the SVG. Hovering shows each
// series' value at the nearest step. The data attributes let tests read values, not pixels.
import * as d3 from "d3";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import type { RunRecord } from "../state/liveStore";
import { buildSeries, nearest, type Series } from "./chartSeries";

interface Props {
  runs: RunRecord[];
  metric: string;
  log: boolean;
  smoothing: number;
}

const M = { top: 12, right: 18, bottom: 34, left: 62 };
/** More points than pixels only costs time: draw at most this many per series. */
const MAX_DRAWN = 1200;

function thin(points: [number, number][]): [number, number][] {
  if (points.length <= MAX_DRAWN) return points;
  const k = points.length / MAX_DRAWN;
  const out: [number, number][] = [];
  for (let i = 0; i < MAX_DRAWN; i++) out.push(points[Math.floor(i * k)]);
  out.push(points[points.length - 1]);
  return out;
}

function useSize(ref: React.RefObject<HTMLDivElement | null>) {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) =>
      setSize({ width: Math.floor(e.contentRect.width), height: Math.floor(e.contentRect.height) }),
    );
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toPrecision(3);

function MetricsChartImpl({ runs, metric, log, smoothing }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const series = useMemo(() => buildSeries(runs, metric, smoothing, log), [runs, metric, smoothing, log]);

  const w = Math.max(0, width - M.left - M.right);
  const h = Math.max(0, height - M.top - M.bottom);
  const all = series.flatMap((s) => s.points);
  const maxStep = d3.max(all, (p) => p[0]) ?? 1;
  const [lo, hi] = d3.extent(all, (p) => p[1]) as [number | undefined, number | undefined];
  const x = d3
    .scaleLinear()
    .domain([0, Math.max(1, maxStep)])
    .range([0, w]);
  const y = (log ? d3.scaleLog() : d3.scaleLinear())
    .domain(lo === undefined ? [log ? 0.1 : 0, 1] : log ? [lo, hi!] : [Math.min(0, lo), hi!])
    .range([h, 0])
    .nice();
  const line = d3
    .line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));

  const train = series.filter((s) => s.split === "train");
  const lastTrain = (s: Series | undefined) => s?.points[s.points.length - 1]?.[1];
  const current = runs[runs.length - 1];
  const currentTrain = train.find((s) => s.run === current?.id);
  const currentTest = series.find((s) => s.run === current?.id && s.split === "test");

  function onMove(e: React.PointerEvent<SVGRectElement>) {
    const r = e.currentTarget.getBoundingClientRect();
    setHoverStep(Math.round(x.invert(e.clientX - r.left)));
  }

  const hover =
    hoverStep === null
      ? []
      : series
          .map((s) => ({ s, p: nearest(s.points, hoverStep) }))
          .filter((e): e is { s: Series; p: [number, number] } => !!e.p);

  return (
    <div
      className="metrics-chart"
      ref={box}
      data-testid="metrics-chart"
      data-metric={metric}
      data-series={series.length}
      data-train-points={currentTrain?.points.length ?? 0}
      data-train-first={currentTrain?.points[0]?.[1]}
      data-train-last={lastTrain(currentTrain)}
      data-test-points={currentTest?.points.length ?? 0}
      data-test-last={lastTrain(currentTest)}
      data-test-step={currentTest?.points[currentTest.points.length - 1]?.[0]}
    >
      {width > 0 && (
        <svg width={width} height={height} role="img" aria-label={`${metric} against training steps`}>
          <g transform={`translate(${M.left},${M.top})`}>
            {y.ticks(log ? 4 : 5).map((t) => (
              <g key={`y${t}`} transform={`translate(0,${y(t)})`} className="chart-grid">
                <line x2={w} />
                <text x={-10} dy="0.32em" textAnchor="end">
                  {y.tickFormat(log ? 4 : 5)(t)}
                </text>
              </g>
            ))}
            {x.ticks(Math.max(2, Math.floor(w / 110))).map((t) => (
              <g key={`x${t}`} transform={`translate(${x(t)},${h})`} className="chart-axis-x">
                <line y2={6} />
                <text y={24} textAnchor="middle">
                  {d3.format("~s")(t)}
                </text>
              </g>
            ))}
            <line className="chart-baseline" x1={0} x2={w} y1={h} y2={h} />
            {series.map((s) => (
              <g
                key={`${s.run}-${s.split}`}
                data-run={s.run}
                data-split={s.split}
                className={`series series-${s.split}`}
              >
                <path d={line(thin(s.points)) ?? ""} stroke={s.colour} />
                {s.split === "test" &&
                  latestPerStep(s.points).map(([sx, sy]) => (
                    <circle key={sx} cx={x(sx)} cy={y(sy)} r={4.5} fill={s.colour} />
                  ))}
              </g>
            ))}
            {hover.length > 0 && hoverStep !== null && (
              <g className="chart-hover">
                <line x1={x(hover[0].p[0])} x2={x(hover[0].p[0])} y2={h} />
                {hover.map(({ s, p }) => (
                  <circle key={`${s.run}-${s.split}`} cx={x(p[0])} cy={y(p[1])} r={5} stroke={s.colour} />
                ))}
              </g>
            )}
            <rect
              className="chart-hit"
              width={w}
              height={h}
              onPointerMove={onMove}
              onPointerLeave={() => setHoverStep(null)}
            />
          </g>
        </svg>
      )}
      {hover.length > 0 && (
        <div className="chart-tip" data-testid="chart-tip">
          <div className="chart-tip-step">step {hover[0].p[0].toLocaleString()}</div>
          {hover.map(({ s, p }) => (
            <div key={`${s.run}-${s.split}`} className="chart-tip-row">
              <span className="swatch" style={{ background: s.colour }} />
              <span>
                {s.name.split(" · ")[0]} {s.split}
              </span>
              <b>{fmt(p[1])}</b>
            </div>
          ))}
        </div>
      )}
      {series.length === 0 && <div className="chart-empty muted">Press Run: the {metric} appears here.</div>}
    </div>
  );
}

export const MetricsChart = memo(MetricsChartImpl);

/**
 * A recompile evaluates the test split again at the step it kept (the controller shows the
 * weights survived), so a step can hold two test points, one after the other: the dot shows
 * the later one, drawn where the earlier would have been.
 */
function latestPerStep(points: [number, number][]): [number, number][] {
  return points.filter((p, i) => i === points.length - 1 || points[i + 1][0] !== p[0]);
}
