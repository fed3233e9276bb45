// Recent graphs (from this browser's autosave) and the presets gallery, in one place.
import { useEffect, useState } from "react";
import { loadPreset, newGraph, openRecent } from "../app/commands";
import { storage, useEditor, view } from "../app/session";
import type { SavedGraphSummary } from "../state/graphStorage";
import { listPresets } from "../state/presets";
import { Dialog } from "./Dialog";
import { GraphThumbnail } from "./GraphThumbnail";

function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : d.toLocaleDateString();
}

function RecentGraphs() {
  const current = useEditor((s) => s.graphId);
  const [list, setList] = useState<SavedGraphSummary[] | null>(null);
  const refresh = () => void storage.list().then(setList);
  useEffect(refresh, []);
  const open = (id: string) => {
    view.getState().open(null);
    void openRecent(id);
  };
  const remove = async (id: string) => {
    await storage.remove(id);
    refresh();
  };
  if (!list) return <p className="muted">Loading…</p>;
  if (list.length === 0) return <p className="muted">Graphs you edit are kept here automatically.</p>;
  return (
    <ul className="recent-list" data-testid="recent-list">
      {list.slice(0, 20).map((g) => (
        <li key={g.id} className={g.id === current ? "is-current" : ""}>
          <button
            type="button"
            className="recent-open"
            onClick={() => open(g.id)}
            disabled={g.id === current}
          >
            <span className="recent-title">{g.title}</span>
            <span className="muted">
              {g.nodeCount} block{g.nodeCount === 1 ? "" : "s"} · {when(g.updated)}
              {g.id === current ? " · open now" : ""}
            </span>
          </button>
          {g.id !== current && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Forget ${g.title}`}
              onClick={() => remove(g.id)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function PresetGallery() {
  const presets = listPresets();
  const open = (name: string) => {
    view.getState().open(null);
    loadPreset(name);
  };
  return (
    <div className="preset-grid" data-testid="preset-gallery">
      {presets.map((p) => (
        <button
          type="button"
          key={p.name}
          className="preset-card"
          onClick={() => open(p.name)}
          disabled={!p.doc}
          data-testid={`preset-${p.name}`}
          title={p.note}
        >
          {p.doc ? <GraphThumbnail doc={p.doc} /> : <div className="thumb thumb-empty">does not load</div>}
          <span className="preset-topic">{p.topic || "example"}</span>
          <span className="preset-title">{p.title}</span>
          {p.problems.length > 0 && <span className="field-error">{p.problems[0].message}</span>}
        </button>
      ))}
    </div>
  );
}

export function LibraryDialog() {
  return (
    <Dialog title="Graphs" wide testId="library">
      <div className="library">
        <section>
          <div className="section-head">
            <h3>Recent</h3>
            <button
              type="button"
              onClick={() => {
                view.getState().open(null);
                newGraph();
              }}
            >
              New graph
            </button>
          </div>
          <RecentGraphs />
        </section>
        <section>
          <h3>Examples</h3>
          <PresetGallery />
        </section>
      </div>
    </Dialog>
  );
}
