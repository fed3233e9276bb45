// Python literals for the generated source. Numbers print as the shortest decimal that reads
// back as the same float32, so weights and data survive the round trip bit for bit.
import { shortestFloat32 } from "../../graph/weights";

/** A number as Python source: integers stay integers, everything else the shortest float32 text. */
export function pyNum(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 2 ** 53) return String(x);
  if (Number.isNaN(x)) return 'float("nan")';
  if (!Number.isFinite(x)) return x > 0 ? 'float("inf")' : '-float("inf")';
  return String(x);
}

/** A float32 value as Python source, e.g. a weight (0.1 prints as 0.1, not 0.10000000149011612). */
export function pyF32(x: number): string {
  return pyNum(shortestFloat32(x));
}

export function pyStr(s: string): string {
  return JSON.stringify(s);
}

export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** A param value: numbers, strings, booleans, null (None) and lists of them (lists as tuples when asked). */
export function pyValue(v: unknown, tuples = false): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return pyBool(v);
  if (typeof v === "number") return pyNum(v);
  if (typeof v === "string") return pyStr(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => pyValue(x, tuples));
    if (!tuples) return `[${items.join(", ")}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  throw new Error(`no Python literal for ${JSON.stringify(v)}`);
}

/** kernel_size=3 or [2, 3]: an int or a tuple, as torch.nn takes them. */
export function pyPair(v: unknown): string {
  return Array.isArray(v) ? pyValue(v, true) : pyValue(v);
}

/**
 * Row-major float32 values as nested Python/JSON lists of the given shape, wrapped so that no
 * line grows past ~100 characters (a shape [] gives a bare number).
 */
export function nestedList(data: ArrayLike<number>, shape: readonly number[], indent = ""): string {
  if (shape.length === 0) return pyF32(data[0]);
  let at = 0;
  const build = (d: number, pad: string): string => {
    if (d === shape.length - 1) {
      const items: string[] = [];
      for (let i = 0; i < shape[d]; i++) items.push(pyF32(data[at++]));
      return wrap(items, pad);
    }
    const rows: string[] = [];
    for (let i = 0; i < shape[d]; i++) rows.push(build(d + 1, `${pad} `));
    return `[${rows.join(`,\n${pad} `)}]`;
  };
  return build(0, indent);
}

function wrap(items: string[], pad: string): string {
  const lines: string[] = [];
  let line = "";
  for (const it of items) {
    if (line && line.length + it.length + 2 > 96 - pad.length) {
      lines.push(line);
      line = "";
    }
    line += line ? `, ${it}` : it;
  }
  lines.push(line);
  return `[${lines.join(`,\n${pad} `)}]`;
}

/** Nested lists as compact JSON (companion files: no indentation, just numbers). */
export function jsonNested(data: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 0) return shortestFloat32(data[0]);
  let at = 0;
  const build = (d: number): unknown =>
    Array.from({ length: shape[d] }, () =>
      d === shape.length - 1 ? shortestFloat32(data[at++]) : build(d + 1),
    );
  return build(0);
}
