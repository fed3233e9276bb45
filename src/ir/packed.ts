// Arrays the compiler keeps in its structures (an op's inputs and shape, a kernel's bindings,
// a view's strides), built so that they always have the same elements kind. V8's
// Array.prototype.map returns a packed array from its builtin but a holey one once the
// engine inlines it into an optimised caller, so which kind a mapped array has depends on
// how warm the code making it is. Loops over a mix of both kinds are compiled for one, then
// thrown away when the other arrives: in Chromium, the first 20 rounds of workload 5's
// re-plans deoptimised 88 times before this, planProgram 23 times; 58 and 0 after
// (scripts/layout-check.ts counts the layouts).
// An array grown with push from [] stays packed whatever the tier.

/** A packed copy of `xs`. */
export function packed(xs: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) out.push(xs[i]);
  return out;
}

/** `xs.map(f)`, always packed. */
export function mapPacked<T, U>(xs: ArrayLike<T>, f: (x: T, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i], i));
  return out;
}
