// The migration machinery, tested with injected tables: only version 1 exists so far.
import { describe, expect, it } from "vitest";
import { loadGraphDoc } from "../../src/graph/load";
import { CURRENT_VERSION, MIGRATIONS, type Migrations, migrate } from "../../src/graph/migrate";
import { rawMlp } from "./fixtures";

describe("migrate", () => {
  it("leaves a current document as it is", () => {
    const raw = rawMlp();
    expect(migrate(raw)).toEqual({ ok: true, doc: raw, fromVersion: CURRENT_VERSION });
  });

  it("has no migrations while version 1 is the only one", () => {
    expect(CURRENT_VERSION).toBe(1);
    expect(Object.keys(MIGRATIONS)).toEqual([]);
  });

  it("upgrades through an injected v0 → v1 migration", () => {
    // A pretend version 0 that called params "config".
    const table: Migrations = {
      0: (doc) => ({
        ...doc,
        nodes: (doc.nodes as Record<string, unknown>[]).map(({ config, ...node }) => ({
          ...node,
          params: config,
        })),
      }),
    };
    const old = rawMlp();
    old.version = 0;
    for (const node of old.nodes) {
      node.config = node.params;
      delete node.params;
    }
    const snapshot = JSON.stringify(old);

    const result = migrate(old, table, 1);
    if (!result.ok) throw new Error(result.problems[0].message);
    expect(result.fromVersion).toBe(0);
    expect(result.doc).toEqual(rawMlp());
    expect(JSON.stringify(old)).toBe(snapshot); // the caller's object is untouched
    expect(loadGraphDoc(result.doc).ok).toBe(true);
  });

  it("applies several migrations in order and sets each version", () => {
    const seen: unknown[] = [];
    const table: Migrations = {
      1: (doc) => {
        seen.push(doc.version);
        return { ...doc, trail: ["1→2"] };
      },
      2: (doc) => {
        seen.push(doc.version);
        return { ...doc, trail: [...(doc.trail as string[]), "2→3"] };
      },
    };
    const result = migrate({ format: "wiregrad-graph", version: 1 }, table, 3);
    expect(result).toEqual({
      ok: true,
      doc: { format: "wiregrad-graph", version: 3, trail: ["1→2", "2→3"] },
      fromVersion: 1,
    });
    expect(seen).toEqual([1, 2]);
  });

  it("treats a missing version as 1, even when newer versions exist", () => {
    const table: Migrations = { 1: (doc) => ({ ...doc, upgraded: true }) };
    const result = migrate({ format: "wiregrad-graph" }, table, 2);
    expect(result).toEqual({
      ok: true,
      doc: { format: "wiregrad-graph", upgraded: true, version: 2 },
      fromVersion: 1,
    });
  });

  it("refuses a version newer than this code reads", () => {
    const raw = rawMlp();
    raw.version = 2;
    expect(loadGraphDoc(raw, "future.json")).toEqual({
      ok: false,
      problems: [
        {
          path: "version",
          message:
            "future.json: version: this file is format version 2, but this wiregrad reads versions up to 1; open it with a newer wiregrad",
        },
      ],
    });
  });

  it("checks the format before the version", () => {
    const result = migrate({ format: "tfjs-layers-model", version: 99 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0].path).toBe("format");
      expect(result.problems[0].message).toContain('expected "wiregrad-graph" (is this a wiregrad graph?)');
    }
  });

  it("refuses what is not an object, or a version that is not an integer", () => {
    const notObject = migrate([1, 2]);
    expect(!notObject.ok && notObject.problems[0].message).toBe(
      "document: expected a JSON object, got an array",
    );
    const badVersion = migrate({ format: "wiregrad-graph", version: "1" });
    expect(!badVersion.ok && badVersion.problems[0].message).toBe(
      'version: expected an integer, got the string "1"',
    );
  });

  it("says when no migration covers a version", () => {
    const result = migrate({ format: "wiregrad-graph", version: 0 });
    expect(!result.ok && result.problems[0].message).toBe(
      "version: cannot read format version 0: no migration from version 0",
    );
  });

  it("reports a migration that throws instead of throwing", () => {
    const table: Migrations = {
      0: () => {
        throw new Error("nodes is not an array");
      },
    };
    const result = migrate({ format: "wiregrad-graph", version: 0 }, table, 1);
    expect(!result.ok && result.problems[0].message).toBe(
      "document: migration from version 0 to 1 failed: nodes is not an array",
    );
  });
});
