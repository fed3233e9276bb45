// GraphDoc → text. Two-space JSON with the document's key order, except that arrays of plain
// values (shapes, weight data, params like kernel_size) stay on one line: a weight printed one
// number per line makes a preset thousands of lines long and its diffs unreadable.
import type { GraphDoc } from "./doc";

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

// JSON.stringify's rules for values it cannot write: undefined becomes null inside arrays.
function scalarText(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

function format(value: unknown, indent: string): string {
  if (isScalar(value)) return scalarText(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isScalar)) return `[${value.map(scalarText).join(", ")}]`;
    const items = value.map((item) => `${inner}${format(item, inner)}`);
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && typeof v !== "function",
  );
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
  return `{\n${lines.join(",\n")}\n${indent}}`;
}

/** Stable text for a document: the same document always gives the same bytes. Ends with a newline. */
export function serializeGraphDoc(doc: GraphDoc): string {
  return `${format(doc, "")}\n`;
}
