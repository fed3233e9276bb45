// Param values as the inspector's text fields show and read them. Reading never throws: it
// gives a value or the reason the text is not one, so the field can say so as you type.
import type { ParamSpec } from "../../../nodes/types";
import { checkParam } from "../../compile/params";
import type { ParamValue } from "../../graph/doc";

export type Parsed = { ok: true; value: ParamValue } | { ok: false; error: string };

function numberList(text: string): number[] | string {
  const body = text
    .trim()
    .replace(/^\[|\]$/g, "")
    .trim();
  if (body === "") return [];
  const parts = body.split(/[\s,]+/).filter(Boolean);
  const nums = parts.map(Number);
  const bad = parts.find((_, i) => !Number.isFinite(nums[i]));
  return bad === undefined ? nums : `“${bad}” is not a number`;
}

function parseRaw(spec: ParamSpec, text: string): Parsed {
  const t = text.trim();
  switch (spec.kind) {
    case "int":
    case "float": {
      if (t === "") return { ok: false, error: "enter a number" };
      const v = Number(t);
      return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, error: `“${t}” is not a number` };
    }
    case "shape":
    case "floats": {
      const v = numberList(t);
      return typeof v === "string" ? { ok: false, error: v } : { ok: true, value: v };
    }
    case "pair": {
      if (spec.nullable && (t === "" || /^none$/i.test(t))) return { ok: true, value: null };
      const v = numberList(t);
      if (typeof v === "string") return { ok: false, error: v };
      if (v.length === 1) return { ok: true, value: v[0] };
      return { ok: true, value: v };
    }
    case "tensor": {
      try {
        return { ok: true, value: JSON.parse(t) as ParamValue };
      } catch {
        return { ok: false, error: "write a number or a nested list like [[1, 2], [3, 4]]" };
      }
    }
    case "enum":
      return { ok: true, value: t };
    case "bool":
      return { ok: true, value: t === "true" };
    case "nodes":
      return { ok: true, value: t.split(/[\s,]+/).filter(Boolean) };
    case "text":
      // A table keeps its line breaks and spacing; a name does not need its outer spaces.
      return { ok: true, value: spec.multiline ? text : t };
  }
}

/** Reads a field's text and checks it against the block's spec (range, whole numbers, sizes). */
export function readParam(spec: ParamSpec, text: string): Parsed {
  const r = parseRaw(spec, text);
  if (!r.ok) return r;
  const problem = checkParam(spec, r.value);
  return problem ? { ok: false, error: problem } : r;
}

export function showParam(spec: ParamSpec, v: ParamValue | undefined): string {
  if (v === undefined) return "";
  if (v === null) return spec.kind === "pair" ? "None" : "";
  if (spec.kind === "tensor") return JSON.stringify(v);
  if (Array.isArray(v)) return v.map((x) => String(x)).join(", ");
  return String(v);
}
