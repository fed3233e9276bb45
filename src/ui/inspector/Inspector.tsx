// The right-hand panel: the selected block, a summary of several, or the graph itself.
import { alignSelection, deleteSelection, duplicateSelection, toggleFrozenSelection } from "../app/commands";
import { useEditor } from "../app/session";
import { useAnalysis } from "../app/useAnalysis";
import { GraphInspector } from "./GraphInspector";
import { NodeInspector } from "./NodeInspector";

export function Inspector() {
  const doc = useEditor((s) => s.doc);
  const selected = useEditor((s) => s.selection.nodes);
  const { analysis, diagnostics } = useAnalysis(doc);
  const one = selected.length === 1 ? doc.nodes.find((n) => n.id === selected[0]) : undefined;
  return (
    <aside className="inspector panel" aria-label="Inspector" data-testid="inspector">
      <div className="panel-body">
        {one ? (
          <NodeInspector key={one.id} doc={doc} node={one} analysis={analysis} diagnostics={diagnostics} />
        ) : selected.length > 1 ? (
          <div className="inspector-section" data-testid="multi-inspector">
            <h2>{selected.length} blocks selected</h2>
            <div className="inspector-actions wrap">
              <button type="button" onClick={() => alignSelection("left")}>
                Align left
              </button>
              <button type="button" onClick={() => alignSelection("top")}>
                Align top
              </button>
              <button type="button" onClick={toggleFrozenSelection}>
                Freeze / unfreeze
              </button>
              <button type="button" onClick={duplicateSelection}>
                Duplicate
              </button>
              <button type="button" className="danger" onClick={deleteSelection}>
                Delete
              </button>
            </div>
          </div>
        ) : (
          <GraphInspector doc={doc} analysis={analysis} diagnostics={diagnostics} />
        )}
      </div>
    </aside>
  );
}
