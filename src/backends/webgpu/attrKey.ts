// Op attributes as text, for the planner's keys (common subexpressions, kernel templates):
// equal text means equal attributes. Flat attributes (axes, perm, shape, a name, a scalar
// constant's data) are written by hand, which is several times cheaper than JSON for the
// thousands of ops of a deep graph; anything nested falls back to JSON.

/** Every number apart, unlike JSON: NaN and ±Infinity, and 0 and -0 (a pad value of -0 is -0 in the output). */
const num = (x: number) => (Object.is(x, -0) ? "-0" : String(x));

/** JSON's replacer: typed arrays as arrays, and the numbers JSON would merge (-0, NaN, ±∞) as text. */
function exact(_k: string, v: unknown): unknown {
  if (ArrayBuffer.isView(v)) return Array.from(v as Float32Array);
  if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) return num(v);
  return v;
}

function numbers(v: unknown): v is Iterable<number> {
  if (ArrayBuffer.isView(v)) return !(v instanceof DataView);
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== "number") return false;
  return true;
}

export function attrKey(attrs: object): string {
  let key = "";
  for (const k in attrs) {
    const v = (attrs as Record<string, unknown>)[k];
    if (typeof v === "number") key += `${k}:${num(v)};`;
    else if (typeof v === "boolean") key += `${k}:${v};`;
    // Length-prefixed, so no text inside the string can pass for the next attribute.
    else if (typeof v === "string") key += `${k}:${v.length}"${v};`;
    else if (numbers(v)) {
      // Iterated, not indexed: an indexed load that met both the integer lists (axes, perm,
      // shape) and a constant's fractional data would turn the integer ones into lists of
      // doubles (packed.ts).
      key += `${k}:[`;
      for (const x of v) key += `${num(x)},`;
      key += "];";
    } else if (v !== undefined) return `json:${JSON.stringify(attrs, exact)}`;
  }
  return key;
}
