// The canvas corner switch (top right) between no live views, activations and gradients, with the legend
// of whichever is on: the colour of a value, or what a wire's width says about its gradient.
import { useEffect } from "react";
import { live, useEditor, useLive } from "../app/session";
import { connectLiveViews } from "./connect";
import { edgeColour, edgeScale, edgeWidth, fmtNorm } from "./edgeScale";

type Overlay = "off" | "activations" | "gradients";

const CHOICES: { value: Overlay; label: string; title: string }[] = [
  { value: "off", label: "Off", title: "No live views on the blocks" },
  { value: "activations", label: "Activations", title: "Each block shows its output on the probe batch" },
  {
    value: "gradients",
    label: "Gradients",
    title:
      "Wires get thicker and darker with the gradient flowing back along them; blocks show the gradient at their output",
  },
];

function GradientLegend() {
  const probes = useLive((s) => s.probes);
  const scale = probes ? edgeScale(probes) : null;
  if (!scale) return <div className="overlay-legend muted">gradients appear once the run is probed</div>;
  return (
    <div className="overlay-legend" data-testid="gradient-legend">
      <span>{fmtNorm(10 ** scale.lo)}</span>
      <svg width="84" height="14" aria-hidden="true">
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <line
            key={t}
            x1={t * 80 + 2}
            x2={t * 80 + 2 + 16}
            y1={7}
            y2={7}
            stroke={edgeColour(t)}
            strokeWidth={edgeWidth(t)}
            strokeLinecap="round"
          />
        ))}
      </svg>
      <span>{fmtNorm(10 ** scale.hi)}</span>
      <span className="muted">‖∇‖ per wire, log scale</span>
    </div>
  );
}

function ActivationLegend() {
  return (
    <div className="overlay-legend">
      <span className="swatch-bar" aria-hidden="true" />
      <span className="muted">negative · 0 · positive (each view its own scale)</span>
    </div>
  );
}

export function OverlayToggle() {
  const overlay = useLive((s) => s.overlay);
  const empty = useEditor((s) => s.doc.nodes.length === 0);
  useEffect(connectLiveViews, []);
  if (empty) return null;
  return (
    <div className="overlay-toggle nodrag nopan" data-testid="overlay-toggle">
      <div className="segmented" role="radiogroup" aria-label="Live views on the blocks">
        <span className="segmented-label">Views</span>
        {CHOICES.map((c) => (
          // biome-ignore lint/a11y/useSemanticElements: a segmented control reads better than radio dots on a projector
          <button
            key={c.value}
            type="button"
            role="radio"
            aria-checked={overlay === c.value}
            className={overlay === c.value ? "is-on" : ""}
            title={c.title}
            data-testid={`overlay-${c.value}`}
            onClick={() => live.setState({ overlay: c.value })}
          >
            {c.label}
          </button>
        ))}
      </div>
      {overlay === "gradients" && <GradientLegend />}
      {overlay === "activations" && <ActivationLegend />}
    </div>
  );
}
