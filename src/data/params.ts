import type { DatasetParamSpec, DatasetParams } from "./types.ts";

export type ParamValue = number | boolean | number[] | string | null;

/** The four parameters every synthetic generator takes. */
export const COMMON_PARAMS = (defaults: { n_samples: number; noise: number; noiseDoc: string }) =>
  [
    {
      name: "n_samples",
      type: "int",
      default: defaults.n_samples,
      min: 4,
      max: 100_000,
      doc: "Number of samples (train + test).",
    },
    { name: "noise", type: "float", default: defaults.noise, min: 0, max: 10, doc: defaults.noiseDoc },
    {
      name: "seed",
      type: "int",
      default: 0,
      min: 0,
      max: 2 ** 32 - 1,
      doc: "Random seed; same seed, same data.",
    },
    {
      name: "test_fraction",
      type: "float",
      default: 0.2,
      min: 0,
      max: 0.9,
      doc: "Fraction of samples held out for testing.",
    },
  ] satisfies DatasetParamSpec[];

/** JSON.stringify turns NaN into "null"; show numbers as JS writes them. */
function show(v: unknown): string {
  return typeof v === "number" ? String(v) : (JSON.stringify(v) ?? String(v));
}

function describeRange(spec: DatasetParamSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` in [${spec.min}, ${spec.max}]`;
  if (spec.min !== undefined) return ` >= ${spec.min}`;
  if (spec.max !== undefined) return ` <= ${spec.max}`;
  return "";
}

function inRange(spec: DatasetParamSpec, v: number): boolean {
  return (spec.min === undefined || v >= spec.min) && (spec.max === undefined || v <= spec.max);
}

function checkOne(spec: DatasetParamSpec, v: unknown): string | null {
  const range = describeRange(spec);
  switch (spec.type) {
    case "int":
      return typeof v === "number" && Number.isInteger(v) && inRange(spec, v)
        ? null
        : `must be an integer${range}`;
    case "float":
      return typeof v === "number" && Number.isFinite(v) && inRange(spec, v)
        ? null
        : `must be a number${range}`;
    case "bool":
      return typeof v === "boolean" ? null : "must be true or false";
    case "int_list":
      if (v === null) return null;
      return Array.isArray(v) &&
        v.length > 0 &&
        v.every((e) => typeof e === "number" && Number.isInteger(e) && inRange(spec, e))
        ? null
        : `must be a non-empty list of integers${range}`;
    case "string":
      if (typeof v !== "string") return "must be text";
      return !spec.options || spec.options.includes(v) ? null : `must be one of ${spec.options.join(", ")}`;
  }
}

/**
 * Fills defaults and validates `given` against `specs`. Unknown names are errors (a typo
 * such as "n_sample" would otherwise silently fall back to the default). All problems
 * are reported at once, prefixed with the data set name.
 */
export function resolveParams(
  datasetName: string,
  specs: readonly DatasetParamSpec[],
  given: DatasetParams,
): Record<string, ParamValue> {
  const errors: string[] = [];
  const known = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) {
      errors.push(`unknown parameter "${key}" (known: ${[...known].join(", ") || "none"})`);
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const v = given[spec.name];
    if (v === undefined) {
      out[spec.name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
      continue;
    }
    // null means "not set" for parameters whose default is null (e.g. mnist limit).
    const problem = v === null && spec.default === null ? null : checkOne(spec, v);
    if (problem) errors.push(`${spec.name} ${problem}, got ${show(v)}`);
    else out[spec.name] = v as ParamValue;
  }
  if (errors.length > 0) throw new Error(`dataset "${datasetName}": ${errors.join("; ")}`);
  return out;
}
