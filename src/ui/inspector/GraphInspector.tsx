// With nothing selected, the inspector shows the graph itself: its title and note, the
// training settings, the totals and every problem in it.
import type { Analysis } from "../../compile/analyze";
import { DEFAULT_TRAINING, type GraphDoc } from "../../graph/doc";
import { editor, useLive } from "../app/session";
import type { Diagnostic } from "../state/diagnostics";
import { CheckGradients } from "./CheckGradients";
import { ProblemList } from "./ProblemList";
import { formatCount, graphParamCount } from "./paramCount";

interface Props {
  doc: GraphDoc;
  analysis: Analysis;
  diagnostics: Diagnostic[];
}

function setMeta(key: "title" | "note", value: string) {
  editor.getState().edit(
    (d) => {
      if (value) d.meta[key] = value;
      else delete d.meta[key];
    },
    { label: `edit ${key}`, coalesce: `meta.${key}` },
  );
}

const TRAINING_FIELDS = [
  { key: "batch_size", label: "batch size", min: 1, max: 65536 },
  { key: "steps", label: "steps", min: 1, max: 10_000_000 },
  { key: "seed", label: "seed", min: 0, max: 2 ** 31 - 1 },
] as const;

function setTraining(key: (typeof TRAINING_FIELDS)[number]["key"], text: string, min: number, max: number) {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max) return;
  editor.getState().edit(
    (d) => {
      d.training = { ...DEFAULT_TRAINING, ...d.training, [key]: v };
    },
    { label: `set ${key}`, coalesce: `training.${key}` },
  );
}

export function GraphInspector({ doc, analysis, diagnostics }: Props) {
  const { total, frozen } = graphParamCount(analysis);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  // A graph can be well formed and still not trainable (no loss, nothing at all): the run
  // dock then says it cannot train, and this says why.
  const phase = useLive((s) => s.phase);
  const runError = useLive((s) => s.error);
  const untrainable = errors === 0 && phase === "invalid" && runError ? runError : undefined;
  return (
    <div className="graph-inspector" data-testid="graph-inspector">
      <header className="inspector-head">
        <h2>Graph</h2>
      </header>
      <div className="param-field">
        <label className="param-label" htmlFor="graph-title">
          <span className="param-label-name">title</span>
        </label>
        <input
          id="graph-title"
          className="param-input"
          value={doc.meta.title ?? ""}
          placeholder="Untitled graph"
          onChange={(e) => setMeta("title", e.target.value)}
          data-testid="graph-title"
        />
      </div>
      <div className="param-field">
        <label className="param-label" htmlFor="graph-note">
          <span className="param-label-name">note</span>
          <span className="param-label-doc">what to show with it</span>
        </label>
        <textarea
          id="graph-note"
          className="param-input"
          rows={4}
          value={doc.meta.note ?? ""}
          onChange={(e) => setMeta("note", e.target.value)}
        />
      </div>
      <section className="inspector-section">
        <h3>Totals</h3>
        <div className="kv">
          <span>blocks</span>
          <span>{doc.nodes.length}</span>
        </div>
        <div className="kv">
          <span>wires</span>
          <span>{doc.edges.length}</span>
        </div>
        <div className="kv">
          <span>trainable parameters</span>
          <span data-testid="graph-param-count">
            {formatCount(total)}
            {frozen ? ` (${formatCount(frozen)} frozen)` : ""}
          </span>
        </div>
      </section>
      <section className="inspector-section">
        <h3>Training</h3>
        {TRAINING_FIELDS.map((f) => (
          <div className="param-field param-inline" key={f.key}>
            <label className="param-label" htmlFor={`training-${f.key}`}>
              <span className="param-label-name">{f.label}</span>
            </label>
            <input
              id={`training-${f.key}`}
              className="param-input"
              type="number"
              min={f.min}
              max={f.max}
              defaultValue={doc.training?.[f.key] ?? (f.key === "steps" ? "" : DEFAULT_TRAINING[f.key])}
              key={`${f.key}:${doc.training?.[f.key]}`}
              onChange={(e) => setTraining(f.key, e.target.value, f.min, f.max)}
            />
          </div>
        ))}
      </section>
      {errors === 0 && !untrainable && <CheckGradients doc={doc} />}
      <section className="inspector-section">
        <h3>
          {untrainable
            ? "Cannot train yet"
            : errors === 0
              ? "No problems"
              : `${errors} problem${errors === 1 ? "" : "s"}`}
        </h3>
        {untrainable && (
          <p className="muted" data-testid="graph-untrainable">
            {untrainable}
          </p>
        )}
        {diagnostics.length > 0 ? (
          <ProblemList items={diagnostics} />
        ) : (
          !untrainable && <p className="muted">Every block is wired and every shape fits.</p>
        )}
      </section>
    </div>
  );
}
