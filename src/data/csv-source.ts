// A person's own table as a named dataset ("csv"): the CSV text travels inside the graph's
// Dataset block, so a saved or shared graph carries its data. makeDataset("csv", ...) parses
// it in full (at training time); readCsvHeader reads only the first line, for shape
// inference, which runs on every edit and must stay instant however long the table is.
import { parseCsvDataset } from "./csv.ts";
import { parseCsvRecords } from "./csv-parse.ts";
import { resolveParams } from "./params.ts";
import type { Dataset, DatasetParamSpec, DatasetParams } from "./types.ts";

export const CSV_TASKS = ["classification", "regression"] as const;
export type CsvTask = (typeof CSV_TASKS)[number];

export const CSV_PARAMS: DatasetParamSpec[] = [
  { name: "csv", type: "string", default: "", doc: "The table: a header row, then one row per sample." },
  { name: "target", type: "string", default: "", doc: "The column to predict (its header name)." },
  {
    name: "task",
    type: "string",
    default: "classification",
    options: CSV_TASKS,
    doc: "classification: the target holds class labels; regression: numbers to fit.",
  },
  { name: "seed", type: "int", default: 0, min: 0, max: 2 ** 32 - 1, doc: "Seed of the train/test split." },
  {
    name: "test_fraction",
    type: "float",
    default: 0.2,
    min: 0,
    max: 0.9,
    doc: "Fraction of rows held out for testing.",
  },
];

/** Builds the dataset from the CSV text, or throws one Error listing every bad line. */
export function csvDataset(params: DatasetParams): Dataset {
  const p = resolveParams("csv", CSV_PARAMS, params) as {
    csv: string;
    target: string;
    task: CsvTask;
    seed: number;
    test_fraction: number;
  };
  if (p.csv.trim() === "") throw new Error('dataset "csv": the table is empty: paste or upload a CSV');
  const r = parseCsvDataset(p.csv, {
    target: p.target,
    task: p.task,
    seed: p.seed,
    test_fraction: p.test_fraction,
  });
  if (!r.ok) throw new Error(`dataset "csv": ${r.errors.join("; ")}`);
  return r.dataset;
}

export type CsvHeader = { ok: true; columns: string[] } | { ok: false; error: string };

/** The index just past the first non-blank record, scanning quotes but nothing beyond it. */
function headerEnd(text: string): number {
  let inQuotes = false;
  let seen = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) {
      if (seen) return i;
    } else if (!inQuotes && ch.trim() !== "" && ch !== "\uFEFF") seen = true;
  }
  return text.length;
}

/** The header's column names, read from the first line only (cost independent of the row count). */
export function readCsvHeader(text: string, delimiter = ","): CsvHeader {
  const parsed = parseCsvRecords(text.slice(0, headerEnd(text)), delimiter);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const header = parsed.records[0];
  if (!header) return { ok: false, error: "the table is empty: paste or upload a CSV with a header row" };
  return { ok: true, columns: header.fields.map((f) => f.trim()) };
}
