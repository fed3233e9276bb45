// A wire labelled with the tensor shape it carries; drawn red, with the reason on hover,
// when the block it feeds refuses that shape. In the live gradient view its width and colour
// follow the norm of the gradient flowing back along it (log scale).
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from "@xyflow/react";
import { type CSSProperties, memo, type PointerEvent } from "react";
import { useLive, view } from "../app/session";
import { edgeColour, edgeScale, edgeT, edgeWidth, fmtNorm } from "../live/edgeScale";
import { shapeLabelFits } from "./edgeLabelFit";
import type { ShapeFlowEdge } from "./flowModel";

// The reason is drawn by WireTip above every block: a label's own tooltip would sit in the
// edge-label layer, under the nodes it is usually next to.
function showTip(e: PointerEvent, text: string | undefined) {
  if (text) view.setState({ wireTip: { text, x: e.clientX, y: e.clientY } });
}
const hideTip = () => view.setState({ wireTip: null });

/** Width and colour of a wire in the gradient view, or null outside it / without a value. */
function useGradientStyle(key: string): { style: CSSProperties; norm: number } | null {
  const norm = useLive((s) => (s.overlay === "gradients" ? s.probes?.edges[key] : undefined));
  const probes = useLive((s) => (s.overlay === "gradients" ? s.probes : null));
  if (norm === undefined || !probes) return null;
  const scale = edgeScale(probes);
  if (!Number.isFinite(norm)) return { style: { stroke: "var(--error)", strokeWidth: 4 }, norm };
  if (!scale || norm <= 0) return { style: { strokeDasharray: "4 5", strokeWidth: 1.5 }, norm };
  const t = edgeT(norm, scale);
  return { style: { stroke: edgeColour(t), strokeWidth: edgeWidth(t) }, norm };
}

function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { id, data, selected } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  const bad = Boolean(data?.issue);
  const g = useGradientStyle(
    `${props.source}.${props.sourceHandleId}->${props.target}.${props.targetHandleId}`,
  );
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`wire${bad ? " wire-bad" : ""}${selected ? " wire-selected" : ""}${g ? " wire-grad" : ""}`}
        interactionWidth={18}
        {...(g ? { style: g.style, "data-grad": g.norm, "data-testid": `wire-grad-${id}` } : {})}
      />
      {/* A refused wire always shows its label: it carries the reason. */}
      {(bad ||
        (data?.shape &&
          shapeLabelFits(props.targetX - props.sourceX, props.targetY - props.sourceY, data.shape))) && (
        <EdgeLabelRenderer>
          <div
            className={`wire-label nodrag nopan${bad ? " wire-label-bad" : ""}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${id}`}
            data-bad={bad || undefined}
            onPointerEnter={(e) => showTip(e, data?.issue)}
            onPointerLeave={hideTip}
          >
            {bad && <span aria-hidden="true">⚠ </span>}
            {g && !bad ? `∇ ${fmtNorm(g.norm)}` : (data?.shape ?? "?")}
            {bad && <span className="visually-hidden">: {data?.issue}</span>}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
