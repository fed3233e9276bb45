// ⚠ on a node where the live run found trouble (NaN, vanishing or exploding gradients, dead
// ReLUs); the message is on hover and in the inspector.
import { memo, useMemo } from "react";
import type { LiveWarning } from "../../train/live/types";
import { useLive } from "../app/session";

export const WARNING_TITLE: Record<LiveWarning["kind"], string> = {
  nan: "NaN / Inf",
  "vanishing-gradient": "Vanishing gradient",
  "exploding-gradient": "Exploding gradient",
  "dead-relu": "Dead ReLUs",
};

/** A few words for the node itself; the full message is on hover and in the inspector. */
export function shortText(w: LiveWarning): string {
  switch (w.kind) {
    case "nan":
      return `NaN/Inf arises here (step ${w.step})`;
    case "dead-relu": {
      const pct = /(\d+) %/.exec(w.message)?.[1];
      return pct ? `${pct} % of units dead` : "Dead ReLUs";
    }
    default:
      return WARNING_TITLE[w.kind];
  }
}

/** This node's warnings in the latest snapshot (a stable array per snapshot). */
export function useNodeWarnings(id: string): LiveWarning[] {
  const all = useLive((s) => s.probes?.warnings);
  return useMemo(() => (all ?? []).filter((w) => w.node === id), [all, id]);
}

function LiveWarningBadgeInner({ id }: { id: string }) {
  const mine = useNodeWarnings(id);
  if (!mine.length) return null;
  const worst = mine.find((w) => w.kind === "nan") ?? mine[0];
  return (
    <div
      className={`live-warning live-warning-${worst.kind}`}
      data-testid={`live-warning-${id}`}
      data-kind={mine.map((w) => w.kind).join(" ")}
      title={mine.map((w) => `${WARNING_TITLE[w.kind]}: ${w.message}`).join("\n\n")}
    >
      <span aria-hidden="true">⚠</span> {shortText(worst)}
      {mine.length > 1 && <span className="live-warning-more"> +{mine.length - 1}</span>}
    </div>
  );
}

export const LiveWarningBadge = memo(LiveWarningBadgeInner);
