// The app shell: toolbar on top, palette left, canvas in the middle, inspector right, the
// training dock along the bottom; each panel has its own error boundary. Presentation and embed modes hide the chrome with CSS
// classes so the canvas keeps its state when they toggle.
import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import { Canvas } from "../canvas/Canvas";
import { Dialogs } from "../chrome/Dialogs";
import { NoticeBar } from "../chrome/NoticeBar";
import { PanelBoundary } from "../chrome/PanelBoundary";
import { Toolbar } from "../chrome/Toolbar";
import { Inspector } from "../inspector/Inspector";
import { Palette } from "../palette/Palette";
import { EmbedRunBar, RunDock } from "../run/RunDock";
import { connectRun } from "../run/runClient";
import { StepThroughPanel } from "../stepthrough/StepThroughPanel";
import { togglePresent } from "./commands";
import { useView } from "./session";
import { useGlobalKeys } from "./useGlobalKeys";

export function App() {
  const theme = useView((s) => s.theme);
  const present = useView((s) => s.present);
  const embed = useView((s) => s.embed);
  useGlobalKeys();
  // One training worker for the page: it follows the graph being edited.
  useEffect(() => connectRun(), []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  const mode = embed ? "mode-embed" : present ? "mode-present" : "mode-edit";
  return (
    <ReactFlowProvider>
      <div className={`app ${mode}${present ? " is-present" : ""}`} data-testid="app" data-mode={mode}>
        {!embed && (
          <PanelBoundary name="toolbar">
            <Toolbar />
          </PanelBoundary>
        )}
        <main className="workspace">
          {!embed && (
            <PanelBoundary name="palette">
              <Palette />
            </PanelBoundary>
          )}
          <PanelBoundary name="canvas">
            <Canvas />
          </PanelBoundary>
          {!embed && (
            <PanelBoundary name="inspector">
              <Inspector />
            </PanelBoundary>
          )}
        </main>
        <PanelBoundary name="training">{embed ? <EmbedRunBar /> : <RunDock />}</PanelBoundary>
        {present && !embed && (
          <button type="button" className="exit-present" onClick={togglePresent} data-testid="exit-present">
            Exit presentation <kbd>P</kbd>
          </button>
        )}
        {!embed && <StepThroughPanel />}
        <Dialogs />
        <NoticeBar />
      </div>
    </ReactFlowProvider>
  );
}
