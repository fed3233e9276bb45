// The top bar: file, history, layout, share and view commands. Every button has a shortcut,
// shown in its tooltip.
import {
  fitView,
  layoutGraph,
  newGraph,
  openFile,
  saveFile,
  share,
  togglePresent,
  toggleTheme,
} from "../app/commands";
import { editor, useEditor, useView, view } from "../app/session";
import { exportImage } from "../io/exportImage";
import { exportOnnxFile, exportPytorchFiles } from "../io/exportModel";
import { titleOf } from "../state/autosave";
import { toggleStepThrough } from "../stepthrough/stepStore";

function ToolButton({
  label,
  hint,
  onClick,
  disabled,
  testId,
}: {
  label: string;
  hint: string;
  onClick: () => void;
  disabled?: boolean;
  testId: string;
}) {
  return (
    <button
      type="button"
      className="tool"
      title={hint}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
    >
      {label}
    </button>
  );
}

export function Toolbar() {
  const title = useEditor((s) => titleOf(s.doc));
  const canUndo = useEditor((s) => s.history.past.length > 0 || (s.history.gesture?.patches.length ?? 0) > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const theme = useView((s) => s.theme);
  return (
    <header className="toolbar" data-testid="toolbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        wiregrad
      </div>
      <div className="doc-title" title={title} data-testid="doc-title">
        {title}
      </div>
      <nav className="tool-groups" aria-label="Commands">
        <div className="tool-group">
          <ToolButton label="New" hint="New graph (Alt N)" onClick={newGraph} testId="tool-new" />
          <ToolButton
            label="Graphs"
            hint="Recent graphs and examples (G)"
            onClick={() => view.getState().open({ kind: "library" })}
            testId="tool-library"
          />
          <label className="tool" title="Open a .json graph or an .onnx model (Ctrl O)">
            Open
            <input
              type="file"
              accept=".json,application/json,.onnx"
              className="visually-hidden"
              data-testid="open-file-input"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = "";
                if (f) void openFile(f);
              }}
            />
          </label>
          <ToolButton label="Save" hint="Save as .json (Ctrl S)" onClick={saveFile} testId="tool-save" />
          <ToolButton
            label="Data…"
            hint="Your own data: paste or choose a CSV table (or drop a .csv on the canvas)"
            onClick={() => view.getState().open({ kind: "csv" })}
            testId="tool-csv"
          />
        </div>
        <div className="tool-group">
          <ToolButton
            label="Undo"
            hint="Undo (Ctrl Z)"
            onClick={() => editor.getState().undo()}
            disabled={!canUndo}
            testId="tool-undo"
          />
          <ToolButton
            label="Redo"
            hint="Redo (Ctrl Shift Z)"
            onClick={() => editor.getState().redo()}
            disabled={!canRedo}
            testId="tool-redo"
          />
        </div>
        <div className="tool-group">
          <ToolButton
            label="Layout"
            hint="Auto-layout left to right (L)"
            onClick={() => void layoutGraph()}
            testId="tool-layout"
          />
          <ToolButton label="Fit" hint="Fit the graph in view (F)" onClick={fitView} testId="tool-fit" />
        </div>
        <div className="tool-group">
          <ToolButton
            label="Share"
            hint="Share as a link (Ctrl Shift S)"
            onClick={share}
            testId="tool-share"
          />
          <ToolButton
            label="PNG"
            hint="Export the canvas as PNG"
            onClick={() => void exportImage("png")}
            testId="tool-png"
          />
          <ToolButton
            label="SVG"
            hint="Export the canvas as SVG"
            onClick={() => void exportImage("svg")}
            testId="tool-svg"
          />
          <ToolButton
            label="PyTorch"
            hint="Export PyTorch: model.py (and its weights and data as .json)"
            onClick={() => void exportPytorchFiles()}
            testId="tool-pytorch"
          />
          <ToolButton
            label="ONNX"
            hint="Export ONNX: the inference graph as an .onnx file"
            onClick={() => void exportOnnxFile()}
            testId="tool-onnx"
          />
        </div>
        <div className="tool-group">
          <ToolButton
            label={theme === "dark" ? "Light" : "Dark"}
            hint="Switch theme (T)"
            onClick={toggleTheme}
            testId="tool-theme"
          />
          <ToolButton
            label="Step through"
            hint="Step through the forward and backward pass, primitive by primitive (D)"
            onClick={toggleStepThrough}
            testId="tool-stepthrough"
          />
          <ToolButton
            label="Present"
            hint="Presentation mode (P)"
            onClick={togglePresent}
            testId="tool-present"
          />
          <ToolButton
            label="?"
            hint="Keyboard shortcuts (?)"
            onClick={() => view.getState().open({ kind: "help" })}
            testId="tool-help"
          />
        </div>
      </nav>
    </header>
  );
}
