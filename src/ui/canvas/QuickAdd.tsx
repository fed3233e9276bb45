// The quick-add box: type to filter, arrows to choose, Enter to place the block where the
// box was opened (the cursor, or a double-click on empty canvas).
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { addBlock } from "../app/commands";
import { useView, view } from "../app/session";
import { searchBlocks } from "../palette/blockCatalog";

export function QuickAdd() {
  const at = useView((s) => s.quickAdd);
  if (!at) return null;
  return (
    <QuickAddBox key={`${at.screen.x},${at.screen.y}`} left={at.screen.x} top={at.screen.y} flow={at.flow} />
  );
}

function QuickAddBox({ left, top, flow }: { left: number; top: number; flow: { x: number; y: number } }) {
  const [query, setQuery] = useState("");
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const results = useMemo(() => searchBlocks(query).slice(0, 8), [query]);
  useEffect(() => input.current?.focus(), []);

  const close = () => view.getState().openQuickAdd(null);
  const choose = (type: string | undefined) => {
    if (!type) return;
    close();
    addBlock(type, flow);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") setIndex((i) => Math.min(i + 1, results.length - 1));
    else if (e.key === "ArrowUp") setIndex((i) => Math.max(i - 1, 0));
    else if (e.key === "Enter") choose(results[index]?.type);
    else if (e.key === "Escape") close();
    else return;
    e.preventDefault();
  };
  const onType = (text: string) => {
    setQuery(text);
    setIndex(0);
  };
  // Keep the box on screen when it opens near the right or bottom edge.
  const style = {
    left: Math.min(left, window.innerWidth - 380),
    top: Math.min(top, window.innerHeight - 380),
  };
  return (
    <div className="quick-add" style={style} data-testid="quick-add">
      <input
        ref={input}
        value={query}
        placeholder="Add a block…"
        aria-label="Block to add"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={results[index] ? `${listId}-${index}` : undefined}
        onChange={(e) => onType(e.target.value)}
        onKeyDown={onKey}
        onBlur={close}
      />
      <div role="listbox" id={listId} className="quick-list">
        {results.map((b, i) => (
          <div
            key={b.type}
            id={`${listId}-${i}`}
            role="option"
            tabIndex={-1}
            aria-selected={i === index}
            className={`quick-item cat-${b.category}${i === index ? " is-active" : ""}`}
            // mousedown, not click: the input's blur would close the box first.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(b.type);
            }}
          >
            <span className="palette-name">{b.type}</span>
            <span className="palette-doc">{b.doc}</span>
          </div>
        ))}
        {results.length === 0 && <p className="muted">No block matches.</p>}
      </div>
    </div>
  );
}
