// Comparing nested arrays from torch with wiregrad's, tensor by tensor, with messages that
// name the tensor, the worst element and both values.

export function flatten(
  v: unknown,
  out: number[] = [],
  shape: number[] = [],
  depth = 0,
): { data: number[]; shape: number[] } {
  if (Array.isArray(v)) {
    if (shape.length === depth) shape.push(v.length);
    for (const x of v) flatten(x, out, shape, depth + 1);
  } else out.push(v as number);
  return { data: out, shape };
}

/**
 * |torch − ours| ≤ tol · (1 + max|ours|) elementwise, max over the tensor: errors of float32
 * sums scale with the size of the terms, which the tensor's largest value stands for, not with
 * each (possibly cancelled, near-zero) element. Returns a description of the failure, or null.
 */
export function mismatch(torch: unknown, ours: unknown, tol: number, what: string): string | null {
  if (torch === undefined) return `${what}: missing on the torch side`;
  const t = flatten(torch);
  const o = flatten(ours);
  if (t.shape.join() !== o.shape.join()) return `${what}: torch shape [${t.shape}] vs wiregrad [${o.shape}]`;
  const scale = o.data.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const bound = tol * (1 + scale);
  let worst = -1;
  let at = 0;
  t.data.forEach((x, i) => {
    const d = Number.isNaN(x) !== Number.isNaN(o.data[i]) ? Infinity : Math.abs(x - o.data[i]) || 0;
    if (d > worst) {
      worst = d;
      at = i;
    }
  });
  if (worst <= bound) return null;
  return `${what}: element ${at} torch ${t.data[at]} vs wiregrad ${o.data[at]} (|Δ| ${worst.toExponential(2)} > ${bound.toExponential(2)})`;
}

/** The largest |Δ| / (1 + max|ours|) over a tensor: the measured error, for reporting margins. */
export function relError(torch: unknown, ours: unknown): number {
  const t = flatten(torch).data;
  const o = flatten(ours).data;
  const scale = o.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  return t.reduce((m, x, i) => Math.max(m, Math.abs(x - o[i])), 0) / (1 + scale);
}
