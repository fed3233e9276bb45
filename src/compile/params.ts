import type { AnyBlock } from "../../nodes";
import type { ParamSpec, ParamValue } from "../../nodes/types";

export interface ParamProblem {
  param: string;
  message: string;
}

function isNum(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function isNested(v: unknown): boolean {
  return isNum(v) || (Array.isArray(v) && v.every(isNested));
}

/** Check one value against its spec; returns a message or null. */
export function checkParam(spec: ParamSpec, v: unknown): string | null {
  switch (spec.kind) {
    case "int":
    case "float": {
      if (!isNum(v)) return `expected a number, got ${JSON.stringify(v)}`;
      if (spec.kind === "int" && !Number.isInteger(v)) return `expected a whole number, got ${v}`;
      if (spec.min !== undefined && v < spec.min) return `must be ≥ ${spec.min}, got ${v}`;
      if (spec.max !== undefined && v > spec.max) return `must be ≤ ${spec.max}, got ${v}`;
      return null;
    }
    case "bool":
      return typeof v === "boolean" ? null : `expected true or false, got ${JSON.stringify(v)}`;
    case "enum":
      return typeof v === "string" && spec.options.includes(v)
        ? null
        : `expected one of ${spec.options.join(", ")}, got ${JSON.stringify(v)}`;
    case "shape":
      return Array.isArray(v) && v.every((d) => Number.isInteger(d) && d >= 1)
        ? null
        : `expected a list of positive whole numbers, got ${JSON.stringify(v)}`;
    case "pair": {
      if (v === null && spec.nullable) return null;
      const lo = spec.min ?? 0;
      const parts = Array.isArray(v) && v.length === 2 ? v : [v];
      if (!(Number.isInteger(v) || Array.isArray(v)) || !parts.every((d) => Number.isInteger(d))) {
        return `expected a whole number or [h, w], got ${JSON.stringify(v)}`;
      }
      if (parts.some((d) => (d as number) < lo)) return `must be ≥ ${lo}, got ${JSON.stringify(v)}`;
      return null;
    }
    case "nodes":
      return Array.isArray(v) && v.every((d) => typeof d === "string")
        ? null
        : `expected a list of node ids, got ${JSON.stringify(v)}`;
    case "tensor":
      return isNested(v) ? null : `expected a number or nested list of numbers, got ${JSON.stringify(v)}`;
    case "floats":
      if (!Array.isArray(v) || !v.every(isNum)) return `expected a list of numbers, got ${JSON.stringify(v)}`;
      if (spec.length !== undefined && v.length !== spec.length) return `expected ${spec.length} numbers`;
      return null;
    case "text":
      return typeof v === "string" ? null : `expected text, got ${JSON.stringify(v)}`;
  }
}

/** Fill defaults and check every param; unknown params are reported, not silently kept. */
export function resolveParams(
  def: AnyBlock,
  raw: Record<string, unknown> | undefined,
): { params: Record<string, ParamValue>; problems: ParamProblem[] } {
  const params: Record<string, ParamValue> = {};
  const problems: ParamProblem[] = [];
  const given = raw ?? {};
  for (const spec of def.params as ParamSpec[]) {
    const v = Object.hasOwn(given, spec.name) ? given[spec.name] : spec.default;
    const msg = checkParam(spec, v);
    if (msg) {
      problems.push({ param: spec.name, message: msg });
      params[spec.name] = spec.default as ParamValue;
    } else {
      params[spec.name] = v as ParamValue;
    }
  }
  for (const k of Object.keys(given)) {
    if (!def.params.some((s: ParamSpec) => s.name === k)) {
      problems.push({
        param: k,
        message: `${def.type} has no parameter "${k}" (it has ${def.params.map((s: ParamSpec) => s.name).join(", ") || "none"})`,
      });
    }
  }
  return { params, problems };
}
