// Kernels by structure. A kernel's WGSL depends on shapes, strides, attributes and which of
// its bindings alias, never on which values it binds: the repeated blocks of a deep net
// need one kernel of each kind, not one per block, and a recompile after an edit
// regenerates only the kernels whose structure the edit changed. One cache lives as long as
// its GpuRuntime (every session and recompile on a device shares it); a plan made without
// one starts from an empty cache.

import { mapNumbers, mapPacked } from "../../ir/packed";
import { type KernelSpec, kernelSpec } from "./kernel";

/** Stands for the real label in a template's labels (concat appends its input range). */
const LABEL = "\u0001";

export class KernelCache {
  /** Entries found by a numeric hash of a structure and confirmed by comparing it. */
  private readonly structures = new Map<number, { probe: unknown; made: unknown }[]>();
  private structureCount = 0;
  hits = 0;
  misses = 0;

  /** Past this many structures the cache starts over (a long session of unrelated graphs). */
  constructor(readonly maxEntries = 8192) {}

  get size(): number {
    return this.structureCount;
  }

  private makeRoom(): void {
    if (this.size < this.maxEntries) return;
    this.structures.clear();
    this.structureCount = 0;
  }

  /**
   * What `make` returns for a structure, made on its first request only: found by `hash`
   * (equal structures must hash alike) and confirmed with `same`, so a re-plan neither builds
   * nor hashes a text key per kernel. `probe` is kept to compare later requests against: it
   * must not change.
   */
  memoStructure<P, T>(hash: number, probe: P, same: (a: P, b: P) => boolean, make: () => T): T {
    const bucket = this.structures.get(hash);
    if (bucket) {
      for (const e of bucket) {
        if (same(e.probe as P, probe)) {
          this.hits++;
          return e.made as T;
        }
      }
    }
    this.misses++;
    this.makeRoom();
    const made = make();
    const entry = { probe, made };
    const current = this.structures.get(hash);
    if (current) current.push(entry);
    else this.structures.set(hash, [entry]);
    this.structureCount++;
    return made;
  }

  /**
   * Kernels that bind `ids`, made once per structure (found by `hash`, confirmed with
   * `same`, as in memoStructure): `make` receives the label placeholder and a function naming
   * each bound value by a placeholder id (−1 − its index in `ids`, so aliased operands stay
   * aliased), and a hit rebinds the placeholders.
   */
  bindStructure<P>(
    hash: number,
    probe: P,
    same: (a: P, b: P) => boolean,
    ids: readonly number[],
    label: string,
    make: MakeTemplates,
  ): KernelSpec[] {
    return instantiate(
      this.memoStructure(hash, probe, same, () => templates(ids, make)),
      ids,
      label,
    );
  }
}

type MakeTemplates = (label: string, slot: (value: number) => number) => KernelSpec[];

/** The kernels `make` generates, with every bound value a placeholder. */
function templates(ids: readonly number[], make: MakeTemplates): KernelSpec[] {
  const made = make(LABEL, (v) => {
    const k = ids.indexOf(v);
    if (k < 0) throw new Error(`kernel cache: %${v} is bound but not among the kernel's values`);
    return -1 - k;
  });
  // A value bound by its own id would be bound again on every hit, in another program.
  for (const t of made)
    if ([...t.reads, ...t.writes].some((v) => v >= 0))
      throw new Error(`kernel cache: ${t.label} binds a value that is not a placeholder`);
  return made;
}

/** Templates bound to `ids`, labelled `label`. */
function instantiate(made: KernelSpec[], ids: readonly number[], label: string): KernelSpec[] {
  const real = (v: number) => ids[-1 - v];
  // Every field, present or not, in one order: specs of one layout (see irNode).
  const rebind = (t: KernelSpec): KernelSpec =>
    kernelSpec(
      t.label === LABEL ? label : t.label.split(LABEL).join(label),
      t.code,
      mapNumbers(t.reads, real),
      mapNumbers(t.writes, real),
      t.frame,
      [t.groups[0], t.groups[1], t.groups[2]],
      t.dims,
      // A quick compile tier binds what the kernel binds (kernel.ts).
      t.quick && rebind(t.quick),
      t.warm && rebind(t.warm),
    );
  return mapPacked(made, rebind);
}
