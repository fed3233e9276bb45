// The training dock under the canvas: controls and settings on the left, the metrics chart
// in the middle, the model's output view on the right. It starts folded to its control row
// and opens the first time training runs (or when asked).
import "../styles/run.css";
import { useEffect, useRef, useState } from "react";
import { fitViewSoon } from "../app/commands";
import { live, useLive } from "../app/session";
import { OutputViewPanel } from "../views/OutputViewPanel";
import { BackendNotice } from "./BackendNotice";
import { ChartPanel } from "./ChartPanel";
import { RunButtons, RunStatus, SpeedControl } from "./RunControls";
import { TrainingSettings } from "./TrainingSettings";

/** A run that failed says why here; a graph with problems is listed in the inspector instead. */
function RunError() {
  const error = useLive((s) => s.error);
  const phase = useLive((s) => s.phase);
  if (!error || phase === "invalid") return null;
  return (
    <div className="run-error" role="alert" data-testid="run-error">
      {error}
    </div>
  );
}

export function RunDock() {
  // Folded to its control row until training starts: editing wants the room for the canvas.
  const [open, setOpen] = useState(false);
  const started = useLive((s) => s.running);
  const views = useLive((s) => s.views);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (started && !opened) {
      setOpen(true);
      setOpened(true);
    }
  }, [started, opened]);
  // The canvas changes height with the dock: fit the graph again so no block ends up hidden.
  // Only on a real change: a remount (or StrictMode's second effect run) must not refit a
  // canvas the person has just zoomed.
  const shownOpen = useRef(open);
  useEffect(() => {
    if (shownOpen.current === open) return;
    shownOpen.current = open;
    fitViewSoon();
  }, [open]);
  // The output view panel shows the best view for the graph unless another was chosen.
  useEffect(() => {
    const s = live.getState();
    if (open && views.length > 0 && (s.viewKind === null || !views.includes(s.viewKind)))
      live.setState({ viewKind: views[0] });
    if (!open && s.viewKind !== null) live.setState({ viewKind: null });
  }, [open, views]);
  return (
    <section className={`run-dock${open ? "" : " is-folded"}`} data-testid="run-dock" aria-label="Training">
      <div className="run-bar">
        <RunButtons />
        <RunStatus />
        <SpeedControl />
        <BackendNotice />
        <button
          type="button"
          className="run-fold"
          onClick={() => {
            setOpen(!open);
            setOpened(true);
          }}
          aria-expanded={open}
          data-testid="run-fold"
          title={open ? "Fold the training panel" : "Show the training panel"}
        >
          {open ? "▾ Hide chart" : "▴ Show chart"}
        </button>
      </div>
      <RunError />
      {open && (
        <div className="run-body">
          <TrainingSettings />
          <ChartPanel />
          {views.length > 0 && (
            <div className="run-output" data-testid="run-output">
              <OutputViewPanel />
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** Embed mode: run, pause and step over the canvas, nothing else. */
export function EmbedRunBar() {
  return (
    <div className="embed-run-bar" data-testid="embed-run-bar">
      <RunButtons compact />
      <RunStatus />
    </div>
  );
}
