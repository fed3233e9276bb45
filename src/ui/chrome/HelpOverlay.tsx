import { clipboardShortcuts, type Shortcut, shortcuts } from "../app/shortcuts";
import { Dialog } from "./Dialog";

const GROUPS: Shortcut["group"][] = ["Edit", "Canvas", "File", "View", "Run"];

const MOUSE = [
  ["Drag a block from the palette", "add it where you drop it"],
  ["Double-click empty canvas", "quick-add there"],
  ["Drag from an output to an input", "wire them (an occupied input is rewired)"],
  ["Shift-drag on the canvas", "select with a box"],
  ["Shift-click", "add to the selection"],
  ["Drop a .json file on the canvas", "open it"],
];

export function HelpOverlay() {
  const listed = [...shortcuts.filter((s) => s.label), ...clipboardShortcuts];
  return (
    <Dialog title="Keyboard and mouse" wide testId="help-overlay">
      <div className="help-grid">
        {GROUPS.map((g) => (
          <section key={g}>
            <h3>{g}</h3>
            <dl>
              {listed
                .filter((s) => s.group === g)
                .map((s) => (
                  <div key={s.label + s.what} className="help-row">
                    <dt>
                      <kbd>{s.label}</kbd>
                    </dt>
                    <dd>{s.what}</dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
        <section>
          <h3>Mouse</h3>
          <dl>
            {MOUSE.map(([what, does]) => (
              <div key={what} className="help-row">
                <dt>{what}</dt>
                <dd>{does}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      <p className="muted small">On a Mac, Ctrl is ⌘.</p>
    </Dialog>
  );
}
