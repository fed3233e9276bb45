// zod builds its output in schema order, not in the order the file had. Putting the file's
// order back keeps a load-then-save a no-op: presets diff cleanly, params stay as written.

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `output` with its object keys in the order of `input`; keys only in `output` (defaults) go last. */
export function alignKeyOrder<T>(output: T, input: unknown): T {
  if (Array.isArray(output) && Array.isArray(input)) {
    // Number arrays (weights) are the bulk of a document and have no keys to order.
    if (!output.some(isPlainObject)) return output;
    return output.map((item, i) => alignKeyOrder(item, input[i])) as T;
  }
  if (!isPlainObject(output) || !isPlainObject(input)) return output;
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(input)) {
    if (Object.hasOwn(output, key)) entries.push([key, alignKeyOrder(output[key], input[key])]);
  }
  for (const key of Object.keys(output)) {
    if (!Object.hasOwn(input, key)) entries.push([key, output[key]]);
  }
  // fromEntries defines own properties, so a "__proto__" key in meta stays a plain key.
  return Object.fromEntries(entries) as T;
}
