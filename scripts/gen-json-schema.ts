// Writes public/graphdoc.schema.json from the zod schema: `npm run gen:schema`.
// test/graph/json-schema.test.ts fails when the committed file is stale.
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { graphDocJsonSchemaText } from "../src/graph/json-schema";

const target = fileURLToPath(new URL("../public/graphdoc.schema.json", import.meta.url));
await mkdir(fileURLToPath(new URL("../public/", import.meta.url)), { recursive: true });
await writeFile(target, graphDocJsonSchemaText());
console.log(`wrote ${target}`);
