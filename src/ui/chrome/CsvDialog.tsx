// Your own data: paste a table or choose a .csv file, see its first rows, pick the column to
// predict and the task, and read every bad line before anything enters the graph. "Add to
// graph" puts the table into a Dataset block (one undo step); with a Dataset selected, its
// table can be replaced instead.
import { useDeferredValue, useId, useMemo, useState } from "react";
import type { CsvTask } from "../../data/index";
import { useEditor } from "../app/session";
import "../styles/csv.css";
import { applyCsv, type CsvPreview, checkCsv, previewCsv, selectedDataset } from "./csvTable";
import { Dialog } from "./Dialog";

const EXAMPLE = "hours,sleep,passed\n1.5,6,0\n4.0,8,1\n2.5,7,1";

/** Class names as a short list: a column of 500 distinct labels should not fill the dialog. */
function listed(names: string[], max = 8): string {
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")}, …`;
}

/** Columns are positional (a name may even repeat until fixed), so they are keyed by position. */
function keyed(columns: string[]) {
  return columns.map((name, k) => ({ name, k, id: `col${k}` }));
}

function PreviewTable({ preview, target }: { preview: CsvPreview; target: string }) {
  const cols = keyed(preview.columns);
  return (
    <div className="csv-preview-wrap">
      <table className="csv-preview" data-testid="csv-preview">
        <thead>
          <tr>
            <th className="csv-line">line</th>
            {cols.map((c) => (
              <th key={c.id} className={c.name === target ? "is-target" : undefined}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => (
            <tr key={r.line}>
              <td className="csv-line">{r.line}</td>
              {cols.map((c) => (
                <td key={c.id} className={c.name === target ? "is-target" : undefined}>
                  {r.fields[c.k] ?? ""}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {preview.rows.length < preview.total
          ? `First ${preview.rows.length} of ${preview.total.toLocaleString("en-US")} rows.`
          : `${preview.total} rows.`}
      </p>
    </div>
  );
}

export function CsvDialog({ initialText = "", fileName }: { initialText?: string; fileName?: string }) {
  const [text, setText] = useState(initialText);
  const [source, setSource] = useState(fileName);
  const [chosenTarget, setTarget] = useState<string | null>(null);
  const [chosenTask, setTask] = useState<CsvTask | null>(null);
  const replaceable = useEditor((s) => selectedDataset(s.doc, s.selection));
  const ids = useId();
  // Typing into a large table stays smooth: the full check follows a moment behind.
  const shown = useDeferredValue(text);
  const preview = useMemo(() => previewCsv(shown, 5), [shown]);
  const columns = preview?.columns ?? [];
  // The last column is the usual place for a label; a choice sticks while it still exists.
  const target =
    chosenTarget !== null && columns.includes(chosenTarget) ? chosenTarget : (columns.at(-1) ?? "");
  // Until a task is chosen, the parser suggests one (labels, or few whole numbers: classification).
  const check = useMemo(() => checkCsv(shown, target, chosenTask ?? undefined), [shown, target, chosenTask]);
  const task: CsvTask = chosenTask ?? (check.ok ? check.task : "classification");
  const ready = check.ok && shown === text;

  const readFile = async (f: File) => {
    setText(await f.text());
    setSource(f.name);
    setTarget(null);
    setTask(null);
  };
  const add = (into?: string) => applyCsv({ text, target, task }, into);

  return (
    <Dialog title="Your own data (CSV)" wide testId="csv-dialog">
      <p className="csv-intro">
        A header row, then one row of numbers per sample. One column is predicted, the others are the inputs.
        The table is stored in the graph: saving or sharing keeps it.
      </p>
      <div className="csv-grid">
        <div className="csv-table-side">
          <div className="csv-source">
            <label className="csv-label" htmlFor={`${ids}-text`}>
              Paste a table{source ? ` (from ${source})` : ""}
            </label>
            <label className="csv-file">
              Choose a .csv file…
              <input
                type="file"
                accept=".csv,text/csv,text/plain"
                className="visually-hidden"
                data-testid="csv-file-input"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  e.target.value = "";
                  if (f) void readFile(f);
                }}
              />
            </label>
          </div>
          <textarea
            id={`${ids}-text`}
            className="csv-text"
            value={text}
            placeholder={EXAMPLE}
            rows={6}
            wrap="off"
            spellCheck={false}
            autoFocus
            onChange={(e) => {
              setText(e.target.value);
              setSource(undefined);
            }}
            data-testid="csv-text"
          />
        </div>
        <div className="csv-choices">
          <label htmlFor={`${ids}-target`}>
            Column to predict
            <select
              id={`${ids}-target`}
              className="param-input"
              value={target}
              disabled={columns.length === 0}
              onChange={(e) => setTarget(e.target.value)}
              data-testid="csv-target"
            >
              {keyed(columns).map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={`${ids}-task`}>
            Task
            <select
              id={`${ids}-task`}
              className="param-input"
              value={task}
              onChange={(e) => setTask(e.target.value as CsvTask)}
              data-testid="csv-task"
            >
              <option value="classification">classification (labels)</option>
              <option value="regression">regression (numbers)</option>
            </select>
          </label>
          {check.ok ? (
            <p className="csv-summary" data-testid="csv-summary">
              {check.rows} rows · x has {check.features} feature{check.features === 1 ? "" : "s"} ·{" "}
              {check.classes
                ? `y is one of ${check.classes.length} classes (${listed(check.classes)})`
                : "y is a number"}
            </p>
          ) : (
            <div className="csv-errors" role="alert" data-testid="csv-errors">
              <p>
                {check.errors.length === 1 ? "One problem" : `${check.errors.length} problems`} to fix first:
              </p>
              <ul>
                {check.errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </div>
      {preview && <PreviewTable preview={preview} target={target} />}
      <div className="inspector-actions csv-actions">
        {replaceable && (
          <button type="button" disabled={!ready} onClick={() => add(replaceable)} data-testid="csv-replace">
            Replace the table of {replaceable}
          </button>
        )}
        <button
          type="button"
          className="primary"
          disabled={!ready}
          onClick={() => add()}
          data-testid="csv-add"
        >
          Add to graph
        </button>
      </div>
    </Dialog>
  );
}
