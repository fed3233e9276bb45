// Every file in presets/ is bundled at build time, so the gallery lists whatever is there
// without a hand-kept index, and ?preset=NAME works offline.
import type { GraphDoc } from "../../graph/doc";
import { parseGraphDoc } from "../../graph/load";
import type { Problem } from "../../graph/problem";

const files = import.meta.glob("../../../presets/*.json", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

export interface Preset {
  /** The file name without .json: what ?preset= takes. */
  name: string;
  title: string;
  topic: string;
  note: string;
  doc: GraphDoc | null;
  /** Why a preset did not load; shown on its card instead of hiding it. */
  problems: Problem[];
}

function toPreset(path: string, text: string): Preset {
  const name = path.replace(/^.*\//, "").replace(/\.json$/, "");
  const r = parseGraphDoc(text, `${name}.json`);
  if (!r.ok) return { name, title: name, topic: "", note: "", doc: null, problems: r.problems };
  const m = r.doc.meta;
  return { name, title: m.title ?? name, topic: m.topic ?? "", note: m.note ?? "", doc: r.doc, problems: [] };
}

let cache: Preset[] | null = null;

export function listPresets(): Preset[] {
  cache ??= Object.entries(files)
    .map(([path, text]) => toPreset(path, text))
    .sort((a, b) => a.name.localeCompare(b.name));
  return cache;
}

export function findPreset(name: string): Preset | undefined {
  return listPresets().find((p) => p.name === name);
}
