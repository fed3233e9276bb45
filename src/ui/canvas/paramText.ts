// How param values read on a node and in lists: short, in PyTorch's spelling.
import type { ParamSpec } from "../../../nodes/types";
import type { ParamValue } from "../../graph/doc";

export function formatParamValue(v: ParamValue | undefined): string {
  if (v === undefined) return "—";
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (Array.isArray(v)) {
    const text = `[${v.map((x) => formatParamValue(x as ParamValue)).join(", ")}]`;
    return text.length > 24 ? `${text.slice(0, 22)}…]` : text;
  }
  return String(v);
}

const INLINE_KINDS = new Set<ParamSpec["kind"]>(["int", "float", "enum", "bool", "shape", "pair", "floats"]);

/** The params worth showing on the node itself: the first few scalar-ish ones, in spec order. */
export function inlineParams(specs: readonly ParamSpec[], params: Record<string, ParamValue>, max = 3) {
  return specs
    .filter((s) => INLINE_KINDS.has(s.kind))
    .slice(0, max)
    .map((s) => ({ name: s.name, value: formatParamValue(params[s.name] ?? (s.default as ParamValue)) }));
}
