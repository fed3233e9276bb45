// Rewrites every preset in the canonical form the editor saves, so the round-trip test
// (file text == save(load(file))) holds after a hand edit. Run: npx tsx scripts/format-presets.ts
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseGraphDoc, serializeGraphDoc } from "../src/graph/load";

for (const f of readdirSync("presets").filter((n) => n.endsWith(".json"))) {
  const path = `presets/${f}`;
  const r = parseGraphDoc(readFileSync(path, "utf8"), path);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("\n"));
  writeFileSync(path, serializeGraphDoc(r.doc));
}
