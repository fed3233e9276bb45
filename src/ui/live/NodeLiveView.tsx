// The live picture under a node: its output (or, in the gradient view, the gradient at its
// output) drawn to fit the tensor, with a line of numbers. It subscribes to the live store on
// its own, so a new snapshot redraws the views and leaves the rest of the node alone.
import "../styles/live.css";
import { memo, useEffect, useRef } from "react";
import type { NodeProbe } from "../../train/live/types";
import { useLive } from "../app/session";
import { drawHistogram, drawProbe, prepare, VIEW_WIDTH, viewHeight } from "./draw";
import { fmtNorm } from "./edgeScale";
import { useNodeViewHidden } from "./viewPrefs";

const HIST_HEIGHT = 18;

function ProbeCanvas({ probe, showGrad, height }: { probe: NodeProbe; showGrad: boolean; height: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) drawProbe(prepare(ref.current, VIEW_WIDTH, height), probe, showGrad, VIEW_WIDTH, height);
  }, [probe, showGrad, height]);
  return (
    <canvas
      ref={ref}
      className="live-canvas"
      style={{ width: VIEW_WIDTH, height }}
      aria-label="live view of this block's output"
    />
  );
}

function HistCanvas({ probe }: { probe: NodeProbe }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current)
      drawHistogram(prepare(ref.current, VIEW_WIDTH, HIST_HEIGHT), probe.value.hist, VIEW_WIDTH, HIST_HEIGHT);
  }, [probe]);
  return (
    <div
      className="live-hist"
      title={`Distribution of the output over the probe batch, ${fmt(probe.value.hist.lo)} to ${fmt(probe.value.hist.hi)}`}
    >
      <canvas
        ref={ref}
        style={{ width: VIEW_WIDTH, height: HIST_HEIGHT }}
        aria-label="live view of this block's output"
      />
      <div className="live-hist-axis">
        <span>{fmt(probe.value.hist.lo)}</span>
        <span>{fmt(probe.value.hist.hi)}</span>
      </div>
    </div>
  );
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return v.toPrecision(3).replace(/\.?0+$/, "");
}

function caption(p: NodeProbe, showGrad: boolean): string {
  if (showGrad) return p.grad ? `‖∂L/∂${p.port}‖ ${fmtNorm(p.grad.norm)}` : "no gradient here";
  if (p.layout === "scalar") return "";
  const parts = [`mean ${fmt(p.value.mean)}`, `std ${fmt(p.value.std)}`];
  if (p.deadFraction !== undefined) parts.push(`${Math.round(p.deadFraction * 100)} % dead`);
  if (p.value.nonFinite) parts.push(`${p.value.nonFinite} NaN/Inf`);
  return parts.join(" · ");
}

function NodeLiveViewInner({ id }: { id: string }) {
  const overlay = useLive((s) => s.overlay);
  const probe = useLive((s) => s.probes?.nodes[id]);
  // Parameter-free blocks show their output distribution; a layer's is in the inspector.
  const paramFree = useLive((s) => s.probes?.params[id] === undefined);
  const hidden = useNodeViewHidden(id);
  if (overlay === "off" || hidden || !probe) return null;
  const showGrad = overlay === "gradients";
  const height = viewHeight(probe, showGrad);
  return (
    <div
      className={`live-view nodrag${showGrad ? " live-view-grad" : ""}`}
      data-testid={`live-view-${id}`}
      data-layout={probe.layout}
      data-mean={probe.value.mean}
    >
      {probe.layout === "scalar" && !showGrad ? (
        // The raw value, not the summary's mean: the mean skips a NaN, the picture must not.
        <div
          className={`live-scalar${Number.isFinite(probe.sample[0]) ? "" : " is-bad"}`}
          title={`${probe.port} = ${probe.sample[0]}`}
        >
          {fmt(probe.sample[0])}
        </div>
      ) : (
        height > 0 && <ProbeCanvas probe={probe} showGrad={showGrad} height={height} />
      )}
      {paramFree && !showGrad && probe.layout !== "scalar" && <HistCanvas probe={probe} />}
      <div className="live-caption">{caption(probe, showGrad)}</div>
    </div>
  );
}

export const NodeLiveView = memo(NodeLiveViewInner);
