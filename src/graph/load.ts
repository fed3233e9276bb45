// Loading a GraphDoc: text → JSON → migrate → schema → structure. Each stage stops the load
// when it fails, because the next one relies on what the previous one established.
import type { GraphDoc } from "./doc";
import { findJsonSyntaxError } from "./json-error";
import { alignKeyOrder } from "./key-order";
import { migrate } from "./migrate";
import { type Problem, withSource } from "./problem";
import { graphDocSchema } from "./schema";
import { graphIssueMessage, issuesToProblems } from "./schema-problems";
import { checkStructure } from "./structure";

export { serializeGraphDoc } from "./serialize";
export { decodeWeight, encodeWeight, type WeightForm } from "./weights";

export type LoadResult = { ok: true; doc: GraphDoc } | { ok: false; problems: Problem[] };

// A file with a million bad numbers should not make the editor render a million lines.
const MAX_PROBLEMS = 50;

function failed(problems: Problem[], source: string | undefined): LoadResult {
  const shown = problems.slice(0, MAX_PROBLEMS);
  if (problems.length > MAX_PROBLEMS) {
    shown.push({ path: "", message: `... and ${problems.length - MAX_PROBLEMS} more problems` });
  }
  return { ok: false, problems: withSource(shown, source) };
}

/** Validates an already-parsed value (from JSON.parse, IndexedDB, a test). Never throws. */
export function loadGraphDoc(value: unknown, source?: string): LoadResult {
  const migrated = migrate(value);
  if (!migrated.ok) return failed(migrated.problems, source);
  let parsed: ReturnType<typeof graphDocSchema.safeParse>;
  try {
    parsed = graphDocSchema.safeParse(migrated.doc, { error: graphIssueMessage });
  } catch (error) {
    // zod recurses; params nested thousands deep exhaust the stack. Report it, don't crash.
    const reason = error instanceof Error ? error.message : String(error);
    return failed([{ path: "", message: `document: could not be checked: ${reason}` }], source);
  }
  if (!parsed.success) return failed(issuesToProblems(migrated.doc, parsed.error.issues), source);
  const doc = alignKeyOrder(parsed.data, migrated.doc);
  const problems = checkStructure(doc);
  if (problems.length > 0) return failed(problems, source);
  return { ok: true, doc };
}

/** Parses and validates the text of a .json graph; `source` (a file name) prefixes every message. */
export function parseGraphDoc(text: string, source?: string): LoadResult {
  // Editors on Windows like to start files with a byte-order mark, which JSON.parse rejects.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const prefix = source ? `${source}: ` : "";
    const where = findJsonSyntaxError(body);
    if (where === undefined) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, problems: [{ path: "", message: `${prefix}invalid JSON: ${reason}` }] };
    }
    const { line, column, reason } = where;
    const message = `${prefix}invalid JSON at line ${line}, column ${column}: ${reason}`;
    return { ok: false, problems: [{ path: "", message, line, column }] };
  }
  return loadGraphDoc(value, source);
}
