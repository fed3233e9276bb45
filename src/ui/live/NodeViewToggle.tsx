// The per-node show/hide switch for its live view, in the node's header while views are on.
import { memo } from "react";
import { useLive } from "../app/session";
import { toggleNodeView, useNodeViewHidden } from "./viewPrefs";

function NodeViewToggleInner({ id }: { id: string }) {
  const on = useLive((s) => s.overlay !== "off");
  const hidden = useNodeViewHidden(id);
  if (!on) return null;
  return (
    <button
      type="button"
      className={`live-toggle nodrag${hidden ? " is-off" : ""}`}
      data-testid={`live-toggle-${id}`}
      aria-pressed={!hidden}
      title={hidden ? "Show this block's live view" : "Hide this block's live view"}
      onClick={(e) => {
        e.stopPropagation();
        toggleNodeView(id);
      }}
    >
      {hidden ? "○" : "◉"}
    </button>
  );
}

export const NodeViewToggle = memo(NodeViewToggleInner);
