/** Nested arrays (batch first) to flat values, checking the shape as it goes. */
export function flattenNested(v: unknown, what: string): { data: number[]; shape: number[] } {
  const shape: number[] = [];
  let probe: unknown = v;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const data: number[] = [];
  const walk = (x: unknown, depth: number, path: string) => {
    if (depth === shape.length) {
      if (typeof x !== "number" || !Number.isFinite(x))
        throw new Error(`${what}${path}: expected a number, got ${JSON.stringify(x)}`);
      data.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) {
      throw new Error(`${what}${path}: ragged array (expected ${shape[depth]} items at depth ${depth})`);
    }
    x.forEach((e, i) => {
      walk(e, depth + 1, `${path}[${i}]`);
    });
  };
  walk(v, 0, "");
  return { data, shape };
}

/** Flat values to nested arrays of the given shape (a scalar stays a number). */
export function toNested(data: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 0) return data[0];
  let at = 0;
  const build = (d: number): unknown => {
    if (d === shape.length) return data[at++];
    return Array.from({ length: shape[d] }, () => build(d + 1));
  };
  return build(0);
}
