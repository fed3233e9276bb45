import { splitRng } from "./build.ts";
import { parseCsvRecords } from "./csv-parse.ts";
import { splitIndices } from "./split.ts";
import type { Dataset } from "./types.ts";

export interface CsvOptions {
  /** Target column: its header name, or its 0-based index. */
  target: string | number;
  /**
   * Default: "classification" when a target value is not a number or the target holds at
   * most 10 distinct integers (0/1 labels are common), else "regression".
   */
  task?: "classification" | "regression";
  seed?: number;
  test_fraction?: number;
  delimiter?: string;
  name?: string;
}

export type CsvResult = { ok: true; dataset: Dataset } | { ok: false; errors: string[] };

const MAX_ERRORS = 20;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Strict decimal numbers only: Number() would accept "", "0x1f" and "Infinity". */
function parseNumber(s: string): number | null {
  const t = s.trim();
  return NUMBER_RE.test(t) ? Number(t) : null;
}

function fail(errors: string[]): CsvResult {
  if (errors.length <= MAX_ERRORS) return { ok: false, errors };
  const shown = errors.slice(0, MAX_ERRORS - 1);
  shown.push(`... and ${errors.length - shown.length} more problems`);
  return { ok: false, errors: shown };
}

/**
 * A numeric table with a header row -> Dataset (xShape [features], seeded split,
 * stratified for classification). Rows are numbered like the file's lines, header = 1,
 * so "line 7" is line 7 in an editor and row 7 in a spreadsheet. Class labels may be any
 * strings; they map to indices in sorted order (numerically when all are numbers).
 */
export function parseCsvDataset(text: string, options: CsvOptions): CsvResult {
  const parsed = parseCsvRecords(text, options.delimiter ?? ",");
  if (!parsed.ok) return fail([parsed.error]);
  const [header, ...rows] = parsed.records;
  if (!header) return fail(["the CSV is empty: expected a header row and data rows"]);
  const names = header.fields.map((f) => f.trim());
  const errors: string[] = [];
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    if (name === "") errors.push(`column ${k + 1} has an empty header`);
    else if (seen.has(name))
      errors.push(`column name "${name}" appears twice (columns ${seen.get(name)! + 1} and ${k + 1})`);
    else seen.set(name, k);
  });
  const t = typeof options.target === "number" ? options.target : names.indexOf(options.target.trim());
  if (typeof options.target === "number" && !(Number.isInteger(t) && t >= 0 && t < names.length)) {
    errors.push(
      `target column index ${options.target} is out of range: the header has ${names.length} columns (0-${names.length - 1})`,
    );
  } else if (t < 0) {
    errors.push(`target column "${options.target}" not found; columns are: ${names.join(", ")}`);
  }
  if (names.length < 2) errors.push("needs at least one feature column besides the target");
  if (rows.length === 0) errors.push("no data rows after the header");
  const testFraction = options.test_fraction ?? 0.2;
  if (!(testFraction >= 0 && testFraction < 1))
    errors.push(`test_fraction must be in [0, 1), got ${testFraction}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) errors.push(`seed must be a non-negative integer, got ${seed}`);
  if (errors.length > 0) return fail(errors);

  const featureCols = names.map((_, k) => k).filter((k) => k !== t);
  const d = featureCols.length;
  const n = rows.length;
  const x = new Float32Array(n * d);
  const targetText: string[] = [];
  rows.forEach((row, i) => {
    if (row.fields.length !== names.length) {
      errors.push(`line ${row.line} has ${row.fields.length} fields, the header has ${names.length}`);
      targetText.push("");
      return;
    }
    featureCols.forEach((k, j) => {
      const cell = row.fields[k];
      const v = parseNumber(cell);
      if (v === null) {
        errors.push(
          cell.trim() === ""
            ? `line ${row.line}, column "${names[k]}": empty cell`
            : `line ${row.line}, column "${names[k]}": ${JSON.stringify(cell.trim())} is not a number`,
        );
      } else x[i * d + j] = v;
    });
    const label = row.fields[t].trim();
    if (label === "") errors.push(`line ${row.line}, column "${names[t]}": empty target`);
    targetText.push(label);
  });
  if (errors.length > 0) return fail(errors);

  const numeric = targetText.map(parseNumber);
  const allNumeric = numeric.every((v) => v !== null);
  // With numeric labels "1" and "1.0" are the same class.
  const keys = allNumeric ? numeric.map(String) : targetText;
  const distinct = new Set(keys);
  const task =
    options.task ??
    (!allNumeric || (numeric.every((v) => Number.isInteger(v)) && distinct.size <= 10)
      ? "classification"
      : "regression");
  const base = {
    name: options.name ?? "csv",
    x,
    xShape: [d],
    n,
    featureNames: featureCols.map((k) => names[k]),
  };

  if (task === "regression") {
    rows.forEach((row, i) => {
      if (numeric[i] === null) {
        errors.push(
          `line ${row.line}, column "${names[t]}": ${JSON.stringify(targetText[i])} is not a number (task is regression)`,
        );
      }
    });
    if (errors.length > 0) return fail(errors);
    const y = Float32Array.from(numeric as number[]);
    return {
      ok: true,
      dataset: { ...base, task, y, yShape: [1], split: splitIndices(n, testFraction, splitRng(seed)) },
    };
  }

  // Numeric labels compare by value ("10" after "9"); strings by code unit (locale-free).
  const classes = [...distinct].sort((a, b) =>
    allNumeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0,
  );
  if (classes.length < 2)
    return fail([`target column "${names[t]}" has only one class (${JSON.stringify(classes[0])})`]);
  const index = new Map(classes.map((c, k) => [c, k]));
  const y = Float32Array.from(keys, (s) => index.get(s)!);
  return {
    ok: true,
    dataset: {
      ...base,
      task,
      y,
      yShape: [],
      numClasses: classes.length,
      classNames: classes,
      split: splitIndices(n, testFraction, splitRng(seed), y),
    },
  };
}
