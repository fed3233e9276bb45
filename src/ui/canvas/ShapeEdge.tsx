// A wire labelled with the tensor shape it carries; drawn red, with the reason on hover,
// when the block it feeds refuses that shape.
import { BaseEdge, EdgeLabelRenderer, type EdgeProps, getBezierPath } from "@xyflow/react";
import { memo, type PointerEvent } from "react";
import { view } from "../app/session";
import { shapeLabelFits } from "./edgeLabelFit";
import type { ShapeFlowEdge } from "./flowModel";

// The reason is drawn by WireTip above every block: a label's own tooltip would sit in the
// edge-label layer, under the nodes it is usually next to.
function showTip(e: PointerEvent, text: string | undefined) {
  if (text) view.setState({ wireTip: { text, x: e.clientX, y: e.clientY } });
}
const hideTip = () => view.setState({ wireTip: null });

function ShapeEdgeView(props: EdgeProps<ShapeFlowEdge>) {
  const { id, data, selected } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  const bad = Boolean(data?.issue);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        className={`wire${bad ? " wire-bad" : ""}${selected ? " wire-selected" : ""}`}
        interactionWidth={18}
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
            {data?.shape ?? "?"}
            {bad && <span className="visually-hidden">: {data?.issue}</span>}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
