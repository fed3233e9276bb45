// Versions and migrations. A file carries the format version it was written with; loading
// upgrades it one version at a time, so each migration only knows its two neighbours
// (as tldraw's and excalidraw's document migrations do).
import { CURRENT_VERSION, GRAPH_FORMAT } from "./doc";
import { describeValue, type Problem } from "./problem";

export { CURRENT_VERSION };

export type RawDoc = Record<string, unknown>;

/** Upgrades a document written at version `n` to version `n + 1`. It may change its argument. */
export type Migration = (doc: RawDoc) => RawDoc;

export type Migrations = Readonly<Record<number, Migration>>;

/** The real table, keyed by the version a migration starts from. Version 1 is the first. */
export const MIGRATIONS: Migrations = {};

export type MigrateResult =
  | { ok: true; doc: RawDoc; fromVersion: number }
  | { ok: false; problems: Problem[] };

function fail(path: string, what: string): MigrateResult {
  return { ok: false, problems: [{ path, message: `${path || "document"}: ${what}` }] };
}

function isRecord(value: unknown): value is RawDoc {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Brings a parsed document up to `currentVersion`. The result is only upgraded, not
 * validated: the schema checks it afterwards. The table and the current version are
 * parameters so the machinery can be tested before a second version exists.
 */
export function migrate(
  raw: unknown,
  migrations: Migrations = MIGRATIONS,
  currentVersion: number = CURRENT_VERSION,
): MigrateResult {
  if (!isRecord(raw)) return fail("", `expected a JSON object, got ${describeValue(raw)}`);
  // Check the format first: a version number means nothing in someone else's file.
  if (raw.format !== GRAPH_FORMAT) {
    const what = raw.format === undefined ? "missing" : `got ${describeValue(raw.format)}`;
    return fail("format", `expected ${JSON.stringify(GRAPH_FORMAT)} (is this a wiregrad graph?); ${what}`);
  }
  // Files from before versioning have no version; they are version 1, now and after later bumps.
  const fromVersion = raw.version === undefined ? 1 : raw.version;
  if (typeof fromVersion !== "number" || !Number.isInteger(fromVersion)) {
    return fail("version", `expected an integer, got ${describeValue(fromVersion)}`);
  }
  if (fromVersion > currentVersion) {
    return fail(
      "version",
      `this file is format version ${fromVersion}, but this wiregrad reads versions up to ${currentVersion}; open it with a newer wiregrad`,
    );
  }
  if (fromVersion === currentVersion) {
    return { ok: true, doc: raw.version === undefined ? { ...raw, version: fromVersion } : raw, fromVersion };
  }

  // Migrations may edit in place; the caller's object must not change under it.
  let doc: RawDoc = structuredClone(raw);
  for (let v = fromVersion; v < currentVersion; v++) {
    const step = migrations[v];
    if (step === undefined) {
      return fail("version", `cannot read format version ${fromVersion}: no migration from version ${v}`);
    }
    try {
      const next = step(doc);
      if (!isRecord(next)) return fail("", `migration from version ${v} did not return an object`);
      // The machinery owns the version field, so a migration cannot forget to bump it.
      doc = { ...next, version: v + 1 };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return fail("", `migration from version ${v} to ${v + 1} failed: ${reason}`);
    }
  }
  return { ok: true, doc, fromVersion };
}
