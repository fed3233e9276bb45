// The palette's view of the block registry: grouped by category in teaching order, searchable
// by name and by formula, shared by the palette and the quick-add box.
import { blocks } from "../../../nodes";
import type { Category } from "../../../nodes/types";

export const CATEGORY_ORDER: Category[] = [
  "data",
  "layers",
  "activations",
  "math",
  "losses",
  "probabilistic",
  "optimizers",
];

export const CATEGORY_LABEL: Record<Category, string> = {
  data: "Data & values",
  layers: "Layers",
  activations: "Activations",
  math: "Maths",
  losses: "Losses",
  probabilistic: "Probabilistic",
  optimizers: "Optimisers",
};

export interface CatalogEntry {
  type: string;
  category: Category;
  /** The one-line formula; blocks still being written say "TODO", which is shown as pending. */
  doc: string;
}

export const catalog: CatalogEntry[] = Object.values(blocks).map((b) => ({
  type: b.type,
  category: b.category,
  doc: b.doc === "TODO" ? "" : b.doc,
}));

/** Lower is better: exact name, name prefix, name substring, then a match in the formula. */
function rank(e: CatalogEntry, q: string): number {
  const name = e.type.toLowerCase();
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  if (name.includes(q)) return 2;
  if (e.doc.toLowerCase().includes(q) || e.category.includes(q)) return 3;
  return -1;
}

export function searchBlocks(query: string): CatalogEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return catalog;
  return catalog
    .map((e) => ({ e, r: rank(e, q) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r)
    .map((x) => x.e);
}

export function groupByCategory(entries: CatalogEntry[]): { category: Category; entries: CatalogEntry[] }[] {
  return CATEGORY_ORDER.map((category) => ({
    category,
    entries: entries.filter((e) => e.category === category),
  })).filter((g) => g.entries.length > 0);
}

export const BLOCK_MIME = "application/x-wiregrad-block";
