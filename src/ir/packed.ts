// Arrays the compiler keeps in its structures (an op's inputs and shape, a kernel's bindings,
// a view's strides), built so that each kind of array always has the same V8 elements kind:
// small integers packed (PACKED_SMI) for numbers, packed objects for the rest. Two engine
// behaviours make that take care:
// - Array.prototype.map returns a packed array from its builtin but a holey one once the
//   engine inlines it into an optimised caller, so its result's kind depends on how warm
//   the calling code is. An array grown with push from [] stays packed whatever the tier.
// - A `[]` literal's allocation site remembers the most general kind any array it made has
//   had, and a keyed load (`xs[i]`) that has seen several kinds turns the arrays it reads
//   into the most general of them. One helper mapping both numbers and objects therefore
//   turned every shape in the program into a generic-object array after the first few
//   hundred ops of a compile (seen in Chromium with %HasSmiElements), and the planner's
//   loops over shapes were compiled for one kind, then thrown away for the next ("wrong
//   map": 86 deoptimisations in 18 re-plans of workload 5).
// Hence one helper per pair of kinds, and the type parameters keep numbers out of the
// object ones. Their bodies are the same on purpose: each is its own `[]` site and its own
// keyed load, which is the whole point; do not merge them.

/** A packed copy of a list of numbers. */
export function packed(xs: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) out.push(xs[i]);
  return out;
}

/** `xs.map(f)` for numbers to numbers, always packed. */
export function mapNumbers(xs: ArrayLike<number>, f: (x: number, i: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i], i));
  return out;
}

/** `xs.map(f)` for objects to numbers (ids, sizes), always packed. */
export function numbersOf<T extends object>(xs: ArrayLike<T>, f: (x: T, i: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i], i));
  return out;
}

/** `xs.map(f)` for numbers to objects, always packed. */
export function objectsOf<U extends object>(xs: ArrayLike<number>, f: (x: number, i: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i], i));
  return out;
}

/** `xs.map(f)` for objects to objects, always packed. */
export function mapPacked<T extends object, U extends object>(
  xs: ArrayLike<T>,
  f: (x: T, i: number) => U,
): U[] {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i++) out.push(f(xs[i], i));
  return out;
}
