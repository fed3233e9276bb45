// The JSON Schema published as public/graphdoc.schema.json, for editors (VS Code validates and
// completes a preset that names it in "$schema") and for other tools. Derived from the zod
// schema so the two cannot disagree; a test checks the committed file is up to date.
import { z } from "zod";
import { graphDocSchema } from "./schema";

export function graphDocJsonSchema(): Record<string, unknown> {
  // "input": describe what a file may contain, so fields with defaults are optional.
  return z.toJSONSchema(graphDocSchema, { io: "input" }) as Record<string, unknown>;
}

export function graphDocJsonSchemaText(): string {
  return `${JSON.stringify(graphDocJsonSchema(), null, 2)}\n`;
}
