// Every block, grouped by category, with its formula. Drag one onto the canvas, or press
// Enter on it to add it in the middle of the view.
import { type DragEvent, useMemo, useState } from "react";
import { addBlock } from "../app/commands";
import { BLOCK_MIME, CATEGORY_LABEL, groupByCategory, searchBlocks } from "./blockCatalog";

function onDragStart(e: DragEvent, type: string) {
  e.dataTransfer.setData(BLOCK_MIME, type);
  e.dataTransfer.setData("text/plain", type);
  e.dataTransfer.effectAllowed = "copy";
}

export function Palette() {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => groupByCategory(searchBlocks(query)), [query]);
  return (
    <aside className="palette panel" aria-label="Blocks">
      <div className="panel-head">
        <h2>Blocks</h2>
        <input
          type="search"
          className="palette-search"
          placeholder="Search blocks or formulas"
          aria-label="Search blocks"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="palette-search"
        />
      </div>
      <div className="panel-body palette-list">
        {groups.length === 0 && <p className="muted">No block matches “{query}”.</p>}
        {groups.map((g) => (
          <section key={g.category} className={`palette-group cat-${g.category}`}>
            <h3>{CATEGORY_LABEL[g.category]}</h3>
            <ul>
              {g.entries.map((b) => (
                <li key={b.type}>
                  <button
                    type="button"
                    className="palette-item"
                    draggable
                    onDragStart={(e) => onDragStart(e, b.type)}
                    onClick={() => addBlock(b.type)}
                    title={`${b.type}: ${b.doc || "being written"}\nDrag onto the canvas, or click to add`}
                    data-testid={`palette-${b.type}`}
                  >
                    <span className="palette-name">{b.type}</span>
                    <span className="palette-doc">{b.doc || "being written"}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
