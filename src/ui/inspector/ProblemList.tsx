// Problems as a list: where (node.port), what, expected vs actual, and the fix if known.
// Clicking one selects the node and brings it into view.
import { applyFix } from "../app/commands";
import { editor } from "../app/session";
import { canvasApi } from "../canvas/canvasApi";
import type { Diagnostic } from "../state/diagnostics";

function reveal(node: string | undefined) {
  if (!node) return;
  editor.getState().select({ nodes: [node], edges: [] });
  void canvasApi.get()?.fitView({ nodes: [{ id: node }], duration: 250, maxZoom: 1.2, padding: 0.6 });
}

export function ProblemList({ items, showNode = true }: { items: Diagnostic[]; showNode?: boolean }) {
  if (items.length === 0) return null;
  return (
    <ul className="problem-list" data-testid="problem-list">
      {items.map((d) => (
        <li
          key={`${d.node}.${d.port ?? d.param ?? ""}|${d.message}`}
          className={`problem problem-${d.severity}`}
        >
          <button
            type="button"
            className="problem-where"
            onClick={() => reveal(d.node)}
            disabled={!showNode || !d.node}
          >
            {d.node ?? "graph"}
            {d.port ? `.${d.port}` : d.param ? `.${d.param}` : ""}
          </button>
          <span className="problem-msg">{d.message}</span>
          {(d.expected || d.actual) && (
            <span className="problem-shapes">
              {d.expected && (
                <span>
                  expected <code>{d.expected}</code>
                </span>
              )}
              {d.actual && (
                <span>
                  got <code>{d.actual}</code>
                </span>
              )}
            </span>
          )}
          {d.fix && (
            <button type="button" className="fix-button" onClick={() => applyFix(d.fix!)}>
              {d.fix.label}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
