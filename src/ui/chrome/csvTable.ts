// What the CSV dialog shows and does, without React: a preview of the first rows, the full
// check (every bad line), and the edit that puts the table into a Dataset block.

import { parseCsvRecords } from "../../data/csv-parse";
import { type CsvTask, parseCsvDataset } from "../../data/index";
import type { GraphDoc } from "../../graph/doc";
import { editor, view } from "../app/session";
import { canvasApi } from "../canvas/canvasApi";
import { addNode, freeSpot, setParam } from "../state/docEdits";

export interface CsvPreview {
  columns: string[];
  /** The first rows as text, with the file line each starts on. */
  rows: { line: number; fields: string[] }[];
  /** Data rows in the whole table. */
  total: number;
}

/** Header and the first `max` rows; null when there is nothing to show yet. */
export function previewCsv(text: string, max = 6): CsvPreview | null {
  if (text.trim() === "") return null;
  const r = parseCsvRecords(text);
  if (!r.ok || r.records.length === 0) return null;
  const [header, ...rows] = r.records;
  return { columns: header.fields.map((f) => f.trim()), rows: rows.slice(0, max), total: rows.length };
}

export type CsvCheck =
  | { ok: true; task: CsvTask; rows: number; features: number; classes?: string[] }
  | { ok: false; errors: string[] };

/** Parses the whole table as training will; without a task, the one the data suggests. */
export function checkCsv(text: string, target: string, task?: CsvTask): CsvCheck {
  if (text.trim() === "") return { ok: false, errors: ["paste a table or choose a .csv file"] };
  const r = parseCsvDataset(text, { target, task });
  if (!r.ok) return { ok: false, errors: r.errors };
  const ds = r.dataset;
  return { ok: true, task: ds.task, rows: ds.n, features: ds.xShape[0], classes: ds.classNames };
}

/** The selected block when it is exactly one Dataset: its table can be replaced in place. */
export function selectedDataset(doc: GraphDoc, selection: { nodes: string[] }): string | null {
  if (selection.nodes.length !== 1) return null;
  const n = doc.nodes.find((x) => x.id === selection.nodes[0]);
  return n?.type === "Dataset" ? n.id : null;
}

/**
 * Writes the table into Dataset `into`, or into a new Dataset block placed in view; one undo
 * step either way. Returns the block's id.
 */
export function applyCsv(table: { text: string; target: string; task: CsvTask }, into?: string): string {
  const ed = editor.getState();
  const id = ed.edit(
    (d) => {
      const at = into ?? addNode(d, "Dataset", freeSpot(d, canvasApi.dropPoint()));
      setParam(d, at, "name", "csv");
      setParam(d, at, "csv", table.text);
      setParam(d, at, "target", table.target);
      setParam(d, at, "task", table.task);
      return at;
    },
    { label: into ? `replace the table of ${into}` : "add a CSV dataset" },
  );
  ed.select({ nodes: [id], edges: [] });
  view.getState().open(null);
  return id;
}
