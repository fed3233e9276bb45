// The selected block's live history: for a layer, its weights', gradients' and update ratios'
// histograms over the last snapshots with the latest numbers; for a parameter-free block, its
// output distribution over time. Its warnings are spelled out here in full.
import { useEffect, useRef } from "react";
import type { Histogram, ParamProbe } from "../../train/live/types";
import { useLive } from "../app/session";
import { prepare } from "../live/draw";
import { fmtNorm } from "../live/edgeScale";
import { type HistoryEntry, useNodeHistory } from "../live/history";
import { drawHistogramHistory, drawLogLine, rangeOf } from "../live/historyDraw";
import { useNodeWarnings, WARNING_TITLE } from "../live/LiveWarningBadge";
import { fmt } from "../live/NodeLiveView";

const WIDTH = 272;
const HEIGHT = 64;
const WEIGHT_RGB: [number, number, number] = [8, 119, 189];
const GRAD_RGB: [number, number, number] = [91, 33, 182];
const OUT_RGB: [number, number, number] = [90, 98, 115];
/** Karpathy's rule of thumb: updates near a thousandth of the weights learn steadily. */
const GOOD_RATIO = 1e-3;

function HistStack({
  hs,
  rgb,
  label,
  testId,
}: {
  hs: Histogram[];
  rgb: [number, number, number];
  label: string;
  testId: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawHistogramHistory(prepare(ref.current, WIDTH, HEIGHT), hs, WIDTH, HEIGHT, rgb);
  });
  const [lo, hi] = rangeOf(hs);
  return (
    <figure className="history-chart" data-testid={testId}>
      <figcaption>{label}</figcaption>
      <div className="history-plot">
        <div className="history-y">
          <span>{fmt(hi)}</span>
          <span>{fmt(lo)}</span>
        </div>
        <canvas
          ref={ref}
          style={{ width: WIDTH, height: HEIGHT }}
          aria-label={`${label}: histograms over time`}
        />
      </div>
    </figure>
  );
}

function RatioLine({ values }: { values: number[] }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const range = useRef<[number, number]>([0, 0]);
  useEffect(() => {
    if (ref.current)
      range.current = drawLogLine(
        prepare(ref.current, WIDTH, HEIGHT),
        values,
        WIDTH,
        HEIGHT,
        GOOD_RATIO,
        "rgb(217 119 6)",
      );
  });
  return (
    <figure className="history-chart" data-testid="history-ratio">
      <figcaption>
        update / weight ‖Δw‖/‖w‖ per step <span className="muted">(dashed: 10⁻³)</span>
      </figcaption>
      <canvas
        ref={ref}
        style={{ width: WIDTH, height: HEIGHT }}
        aria-label="update to weight ratio over time, log scale"
      />
    </figure>
  );
}

function ParamHistory({ name, entries }: { name: string; entries: HistoryEntry[] }) {
  const series = entries
    .map((e) => e.params?.find((p) => p.name === name))
    .filter((p): p is ParamProbe => !!p);
  const last = series.at(-1);
  if (!last) return null;
  return (
    <div className="param-history" data-testid={`history-param-${name}`}>
      <h4>
        <code>{name}</code> <span className="muted">[{last.weight.shape.join(", ")}]</span>
      </h4>
      <dl className="live-numbers">
        <dt>w mean ± std</dt>
        <dd>
          {fmt(last.weight.mean)} ± {fmt(last.weight.std)}
        </dd>
        <dt>‖∇w‖</dt>
        <dd>{fmtNorm(last.grad.norm)}</dd>
        <dt>‖Δw‖/‖w‖</dt>
        <dd>{last.updateSteps ? fmtNorm(last.updateRatio) : "—"}</dd>
      </dl>
      <HistStack
        hs={series.map((p) => p.weight.hist)}
        rgb={WEIGHT_RGB}
        label="weights"
        testId={`history-weight-${name}`}
      />
      <HistStack
        hs={series.map((p) => p.grad.hist)}
        rgb={GRAD_RGB}
        label="gradients"
        testId={`history-grad-${name}`}
      />
      <RatioLine values={series.filter((p) => p.updateSteps).map((p) => p.updateRatio)} />
    </div>
  );
}

export function LiveHistory({ nodeId }: { nodeId: string }) {
  const { entries } = useNodeHistory(nodeId);
  const warnings = useNodeWarnings(nodeId);
  const overlay = useLive((s) => s.overlay);
  const last = entries.at(-1);
  if (!last && !warnings.length) {
    if (overlay === "off") return null;
    return (
      <section className="inspector-section live-history">
        <h3>Live</h3>
        <p className="muted">Run the graph to see this block's history here.</p>
      </section>
    );
  }
  const outputs = entries.map((e) => e.value?.hist).filter((h): h is Histogram => !!h);
  return (
    <section className="inspector-section live-history" data-testid="live-history">
      <h3>
        Live{" "}
        <span className="muted">
          · step {last?.step ?? "—"} · last {entries.length} snapshots
        </span>
      </h3>
      {warnings.map((w) => (
        <p
          key={w.kind}
          className={`live-warning-full live-warning-${w.kind}`}
          data-testid={`inspector-warning-${w.kind}`}
        >
          <strong>⚠ {WARNING_TITLE[w.kind]}.</strong> {w.message}
        </p>
      ))}
      {last?.params ? (
        last.params.map((p) => <ParamHistory key={p.name} name={p.name} entries={entries} />)
      ) : last?.value ? (
        <>
          <dl className="live-numbers">
            <dt>mean ± std</dt>
            <dd>
              {fmt(last.value.mean)} ± {fmt(last.value.std)}
            </dd>
            <dt>min … max</dt>
            <dd>
              {fmt(last.value.min)} … {fmt(last.value.max)}
            </dd>
          </dl>
          <HistStack
            hs={outputs}
            rgb={OUT_RGB}
            label="output distribution over time"
            testId="history-output"
          />
        </>
      ) : null}
    </section>
  );
}
