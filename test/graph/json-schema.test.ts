// public/graphdoc.schema.json is generated from the zod schema (npm run gen:schema) and
// committed; this fails when someone changes the schema and forgets to regenerate it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { graphDocJsonSchema, graphDocJsonSchemaText } from "../../src/graph/json-schema";

const committed = new URL("../../public/graphdoc.schema.json", import.meta.url);

describe("graphdoc.schema.json", () => {
  it("matches what the generator writes now (run `npm run gen:schema` if not)", () => {
    expect(readFileSync(committed, "utf8")).toBe(graphDocJsonSchemaText());
  });

  it("describes files, so fields with defaults are optional", () => {
    const schema = graphDocJsonSchema() as {
      required: string[];
      properties: { training: { required?: string[] } };
    };
    expect(schema.required).toEqual(["format", "version", "meta", "nodes", "edges"]);
    expect(schema.properties.training.required ?? []).toEqual([]);
  });
});
