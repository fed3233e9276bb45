// The model's output view in the run dock: the view the worker last computed, a selector when
// several views fit the graph, and a button that opens it large (the dock's corner is too small
// to read from the back of a lecture hall).
import "../styles/views.css";
import { useEffect, useState } from "react";
import type { OutputViewKind } from "../../train/live/types";
import { live, useLive, useView } from "../app/session";
import { Measured } from "./plot";
import { VIEW_TITLES, ViewFigure } from "./ViewFigure";

function ViewBody({ large }: { large: boolean }) {
  const view = useLive((s) => s.view);
  const kind = useLive((s) => s.viewKind);
  const present = useView((s) => s.present);
  const font = large ? (present ? 22 : 17) : present ? 14 : 12;
  // A view of another kind is from before the switch: wait for the new one rather than mislabel it.
  if (!view || view.kind !== kind)
    return (
      <div className="ov-empty" data-testid="ov-empty">
        {kind ? "Run or step the graph to see this view." : "No view."}
      </div>
    );
  return (
    <Measured className="ov-body">{(size) => <ViewFigure view={view} size={size} font={font} />}</Measured>
  );
}

function ViewPicker() {
  const views = useLive((s) => s.views);
  const kind = useLive((s) => s.viewKind);
  if (views.length < 2) return <span className="ov-title">{kind ? VIEW_TITLES[kind] : "Output"}</span>;
  return (
    <select
      className="ov-picker"
      value={kind ?? ""}
      onChange={(e) => live.setState({ viewKind: e.target.value as OutputViewKind })}
      aria-label="Output view"
      data-testid="ov-picker"
    >
      {views.map((v) => (
        <option key={v} value={v}>
          {VIEW_TITLES[v]}
        </option>
      ))}
    </select>
  );
}

function StepBadge() {
  const step = useLive((s) => s.view?.step);
  return step === undefined ? null : <span className="ov-step">step {step}</span>;
}

export function OutputViewPanel() {
  const [large, setLarge] = useState(false);
  // Exposed for tests and tools: which view is drawn, and from which step.
  const shown = useLive((s) => (s.view ? `${s.view.kind}@${s.view.step}` : ""));
  useEffect(() => {
    if (!large) return;
    const close = (e: KeyboardEvent) => {
      if (e.key === "Escape") setLarge(false);
    };
    window.addEventListener("keydown", close);
    return () => window.removeEventListener("keydown", close);
  }, [large]);
  return (
    <div className="ov-panel" data-testid="output-view" data-shown={shown}>
      <div className="ov-head">
        <ViewPicker />
        <StepBadge />
        <button
          type="button"
          className="ov-expand"
          onClick={() => setLarge(true)}
          title="Open the view large"
          data-testid="ov-expand"
        >
          ⤢
        </button>
      </div>
      {!large && <ViewBody large={false} />}
      {large && (
        <div className="ov-overlay" data-testid="ov-overlay" role="dialog" aria-label="Output view">
          <div className="ov-overlay-card">
            <div className="ov-head ov-head-large">
              <ViewPicker />
              <StepBadge />
              <button
                type="button"
                className="ov-close"
                onClick={() => setLarge(false)}
                data-testid="ov-close"
              >
                Close <kbd>Esc</kbd>
              </button>
            </div>
            <ViewBody large />
          </div>
        </div>
      )}
    </div>
  );
}
