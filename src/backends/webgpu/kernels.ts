// The WebGPU kernel(s) of every primitive. Exhaustive by type, like the shape and VJP
// tables: a primitive without an entry here does not compile.

import { mapNumbers, numbersOf } from "../../ir/packed";
import { type IRNode, irNode, type Prim, type PrimAttrs } from "../../ir/prims";
import { normAxis, type Shape, size } from "../../ir/shape";
import { attrKey } from "./attrKey";
import { type KernelSpec, withTiers } from "./kernel";
import type { KernelCache } from "./kernelCache";
import { HASH_START, mix, mixNumbers, mixString, sameNumbers } from "./structHash";
import type { View } from "./views";
import { elementwiseKernel, ewGroup, ewLoad } from "./wgsl/elementwise";
import { gatherKernel, scatterAddKernel } from "./wgsl/gather";
import {
  type MatmulArgs,
  type MatmulTile,
  type MatView,
  matmulKernel,
  matmulTiledKernel,
} from "./wgsl/matmul";
import { concatKernels, padKernel } from "./wgsl/movement";
import { reduceKernel } from "./wgsl/reduce";
import { foldKernel, unfoldKernel } from "./wgsl/window";

export interface LowerCtx {
  shape(id: number): Shape;
  /** The value as a strided view (for kernels that read through strides). */
  view(id: number): View;
  /** The buffer holding value id contiguously (its own, or the one a reshape aliases). */
  buf(id: number): number;
  /** The elementwise kernel rooted at `n`, with whatever the planner fused into it. */
  elementwise(n: IRNode): KernelSpec;
  /** Storage buffers a kernel may read (the output takes one more binding). */
  maxInputs: number;
  /** A software adapter (SwiftShader): kernels that suit a CPU's SIMD lanes over a GPU's. */
  software?: boolean;
  /** Kernels already generated for the same structure (this runtime's, or the plan's own). */
  kernels: KernelCache;
  /**
   * A fresh transient value of this shape for a kernel's intermediate result (a synthetic id
   * past the program's, planned like any other): for lowerings that emit more than one kernel.
   * Asked for by the rules in SCRATCH, which say beforehand what they will ask.
   */
  scratch?(shape: Shape): number;
}

export type Lowered =
  /** Lives in its own persistent buffer: uploaded (const), fed (input) or resident (variable). */
  | { kind: "source" }
  /** Shares its input's buffer. */
  | { kind: "alias" }
  | { kind: "kernels"; specs: KernelSpec[] };

type Rule<P extends Prim> = (n: IRNode<P>, c: LowerCtx) => Lowered;

const ks = (...specs: KernelSpec[]): Lowered => ({ kind: "kernels", specs });
const label = (n: IRNode) => `%${n.id} ${n.prim}`;
const ew: Rule<Prim> = (n, c) => ks(c.elementwise(n));
const source: Rule<Prim> = () => ({ kind: "source" });
const alias: Rule<Prim> = () => ({ kind: "alias" });

function reduce(kind: "sum" | "max"): Rule<"sum" | "reduce_max"> {
  return (n, c) => {
    const v = c.view(n.inputs[0]);
    const axes = mapNumbers(n.attrs.axes, (a) => normAxis(a, v.shape.length));
    return ks(reduceKernel({ kind, input: v, axes, write: n.id, label: label(n) }));
  };
}

/**
 * The software adapter's matmul blocking: on SwiftShader an 8×8 block per invocation (fewer
 * loads per fma) measured 1.3–2× the 4×4 kernel (scripts/matmul-tune.ts). Not unrolled: the
 * 4× unrolled body (with A's rows read as vec4) ran no faster on workload 2's products and
 * 256³/1024³ (0.9–1.1×; 1.15× on 512³) and took ~1.6× as long to compile (e.g. 134 against
 * 323 ms), which every tier-up pays. In the page, w2 trained ~11 % faster on the plain body
 * (4 alternating rounds, `npm run bench -- --quick --only=2,4`).
 */
const SOFTWARE_TILE: MatmulTile = { tm: 8, tn: 8, wg: 128, unroll: 1, maxTx: 8 };
/**
 * Products past BIG_PRODUCT fmas get a 16×8 block: 24 loads per k step feed 128 fmas (8×8:
 * 16 loads, 64 fmas). On this machine's AVX-512 host, where SwiftShader's gathers are
 * hardware ones, it ran workload 2's products 1.07× (fwd1), 1.33× (dW1), 1.25× (dx2), 1.29×
 * (dW2) and 0.83× (fwd2), and 512³ / 1024³ 1.28 / 1.26× as fast as 8×8 in Node (`npx tsx
 * scripts/matmul-tune.ts`, variants interleaved); in the page w2 trained 3,927 / 3,843 /
 * 2,981 against 3,172 / 2,602 / 2,656 examples/s (alternating rounds, `npm run bench --
 * --quick --only=2 --libs=wiregrad-webgpu`). An earlier host without fast gathers measured
 * bigger blocks at 1.0–1.15×. It compiles in ~300–550 ms against ~150–250 ms, paid in the
 * background by tier-up: at 256³ and below, a product's timed steps ended before its full
 * kernel was in (w4 256³ fell from ~3 to ~1.2 GFLOP/s with 16×8 for every size).
 */
const BIG_TILE: MatmulTile = { tm: 16, tn: 8, wg: 64, unroll: 1, maxTx: 8 };
const BIG_PRODUCT = 2 ** 24;
/**
 * Its quick tier, shape-generic: an 8×4 block without unrolling compiled in ~75–120 ms in
 * Node's SwiftShader against ~45 ms for the 4×4 kernel and ~190–250 ms for a generic 8×8 one,
 * and ran the first layer's products of workload 2 1.2–1.35× faster than the 4×4 one
 * (scripts/matmul-tune.ts, fwd1/dW1/dW1t, g8x4 vs g8x8). The generic 8×8 runs them ~1.1×
 * faster again but did not reliably shorten the first step: in the page (alternating rounds,
 * `npm run bench -- --quick --only=2`) 1,166 against 1,321 ms in 5 rounds, then 1,283 against
 * 1,171 ms in 8; in Node, where pipelines compile one at a time, 1,495 against 1,391 ms for
 * set-up and step (scripts/first-step.ts).
 */
const QUICK_TILE: MatmulTile = { tm: 8, tn: 4, wg: 128, unroll: 1, maxTx: 8 };
/**
 * The quick tier a runtime compiles ahead (KernelSpec.warm, prewarm.ts): a generic 16×8
 * block ran w2's first-layer products about as fast as the literal full tier (Node: 129 and
 * 118 ms against 255 and 252 ms for the 8×4, `npx tsx scripts/matmul-tune.ts`) but its text
 * (13 k characters) compiled in ~200–430 ms in Node and ~660 ms in a loaded page. Started on
 * it, w2's first step on a runtime opened earlier took 651 / 616 ms against 890 / 821 ms
 * (`npm run bench -- --quick --only=1,2 --libs=wiregrad-webgpu,jax-webgpu`, alternating);
 * made the quick tier outright, it cost a runtime opened with the graph 1,916 / 1,581 ms
 * against 1,414 / 1,410 (`--only=2`), hence a third tier rather than a new quick one.
 */
const WARM_TILE: MatmulTile = { tm: 16, tn: 8, wg: 64, unroll: 1, maxTx: 8 };

function matmul(args: MatmulArgs, software = false): KernelSpec {
  // Below 32 rows or columns most of an 8×8 block is tail: the 4×4 kernel measured faster.
  const tiled = software && args.m >= 32 && args.n >= 32;
  // Every tier accumulates with fma over k in order, so they agree bit for bit. The quick
  // tier is shape-generic (one compile serves the products of a step that share its thread
  // shape and B layout); the generic kernel runs ~10–20% slower than one with literal sizes
  // on SwiftShader, so a product's literal kernel takes over once compiled: the first step
  // pays fewer compiles, later steps the same kernels.
  if (tiled)
    return withTiers(
      matmulTiledKernel(args, args.m * args.n * args.k > BIG_PRODUCT ? BIG_TILE : SOFTWARE_TILE),
      matmulTiledKernel(args, QUICK_TILE, true),
      matmulTiledKernel(args, WARM_TILE, true),
    );
  const literal = matmulKernel(args);
  if (!software || args.batchShape.length > 0) return literal;
  return withTiers(literal, matmulKernel(args, true));
}

/**
 * On a software adapter a B read across its rows (Bᵀ of a Linear layer's [out, in] weight)
 * makes every SIMD lane load from a different cache line: the 1000×784·784×256 forward ran
 * 1.6× slower than on a contiguous B (scripts/matmul-tune.ts fwd1 vs fwd1n). One strided
 * copy, O(k·n) against the product's O(m·k·n), gives the tiled kernel its vec4 loads back.
 * Only for a B shared by every batch entry, and blocks big enough for the tiled kernel.
 */
function wantsContiguousB(g: MatmulArgs, c: LowerCtx): boolean {
  const b = g.b;
  return (
    !!c.software && !!c.scratch && b.col !== 1 && g.m >= 64 && g.n >= 32 && b.batch.every((s) => s === 0)
  );
}

/** The scratch values node n's rule will ask for: fixed by its views, so known before it runs. */
function scratchShapes(n: IRNode, c: LowerCtx): Shape[] {
  if (n.prim !== "matmul" || !c.scratch) return [];
  const g = matmulArgs(n, c);
  return wantsContiguousB(g, c) ? [[g.k, g.n]] : [];
}

function matmulArgs(n: IRNode, c: LowerCtx): MatmulArgs {
  const [a, b] = n.inputs.map((i) => c.view(i));
  const r = n.shape.length;
  const batchShape = n.shape.slice(0, -2);
  return {
    m: n.shape[r - 2],
    n: n.shape[r - 1],
    k: a.shape[a.shape.length - 1],
    batchShape,
    a: matView(a, batchShape),
    b: matView(b, batchShape),
    write: n.id,
    label: label(n),
  };
}

/** Copies a k×n strided view of a matrix into a contiguous [k, n] value. */
function copyKernel(
  shape: [number, number],
  v: MatView,
  write: number,
  label: string,
  cache: KernelCache,
): KernelSpec {
  return elementwiseKernel(
    ewGroup(shape, [ewLoad(0, [v.row, v.col], v.base)], [v.read], [{ value: write, expr: 0 }], label),
    cache,
    true, // only software adapters copy B (wantsContiguousB)
  );
}

/** A matmul operand as rows × cols with its batch axes broadcast to the output's. */
export function matView(v: View, batchShape: number[]): MatView {
  const r = v.shape.length;
  const lead = batchShape.length - (r - 2);
  const batch = mapNumbers(batchShape, (d, ax) => {
    const k = ax - lead;
    if (k < 0 || (v.shape[k] === 1 && d !== 1)) return 0;
    return v.strides[k];
  });
  return { read: v.src, base: v.base, batch, row: v.strides[r - 2], col: v.strides[r - 1] };
}

export const gpuKernels: { [P in Prim]: Rule<P> } = {
  neg: ew,
  recip: ew,
  exp: ew,
  log: ew,
  sin: ew,
  cos: ew,
  sqrt: ew,
  tanh: ew,
  sigmoid: ew,
  abs: ew,
  sign: ew,
  floor: ew,
  erf: ew,
  add: ew,
  sub: ew,
  mul: ew,
  div: ew,
  pow: ew,
  max: ew,
  min: ew,
  lt: ew,
  eq: ew,
  where: ew,
  random: ew,
  // Strided views: a copy kernel when something needs them contiguous, else read in place.
  transpose: ew,
  broadcast: ew,
  slice: ew,
  stop_gradient: alias,
  reshape: alias,
  sum: reduce("sum"),
  reduce_max: reduce("max"),
  pad: (n, c) => ks(padKernel(c.shape(n.inputs[0]), n.attrs, n.shape, c.buf(n.inputs[0]), n.id, label(n))),
  concat: (n, c) =>
    ks(
      ...concatKernels(
        n.inputs.map((i) => c.shape(i)),
        normAxis(n.attrs.axis, n.shape.length),
        n.shape,
        n.inputs.map((i) => c.buf(i)),
        n.id,
        c.maxInputs,
        label(n),
      ),
    ),
  gather: (n, c) => {
    const [x, idx] = n.inputs;
    const axis = normAxis(n.attrs.axis, c.shape(x).length);
    return ks(gatherKernel(c.shape(x), size(c.shape(idx)), axis, [c.buf(x), c.buf(idx)], n.id, label(n)));
  },
  scatter_add: (n, c) => {
    const [g, idx] = n.inputs;
    const a: PrimAttrs["scatter_add"] = n.attrs;
    const is = c.shape(idx);
    return ks(
      scatterAddKernel(
        c.shape(g),
        size(is),
        is.length,
        a.axis,
        a.size,
        [c.buf(g), c.buf(idx)],
        n.id,
        label(n),
      ),
    );
  },
  matmul: (n, c) => {
    const g = matmulArgs(n, c);
    const pre: KernelSpec[] = [];
    if (wantsContiguousB(g, c)) {
      const copy = c.scratch!([g.k, g.n]);
      pre.push(copyKernel([g.k, g.n], g.b, copy, `%${n.id} matmul: B made contiguous`, c.kernels));
      g.b = { read: copy, base: 0, batch: g.b.batch, row: g.n, col: 1 };
    }
    return ks(...pre, matmul(g, c.software));
  },
  unfold: (n, c) => ks(unfoldKernel(c.shape(n.inputs[0]), n.attrs, c.buf(n.inputs[0]), n.id, label(n))),
  fold: (n, c) => ks(foldKernel(n.attrs, n.shape, c.buf(n.inputs[0]), n.id, label(n))),
  const: source,
  input: source,
  variable: source,
};

export function lowerNode(n: IRNode, c: LowerCtx): Lowered {
  const rule = gpuKernels[n.prim] as Rule<Prim>;
  if (rule === ew || rule === source || rule === alias) return rule(n, c);
  return ks(...lowerTemplated(n, rule, c));
}

/**
 * Everything a templated rule reads of its op: attributes, shapes, the views of its inputs
 * and which of them share a buffer (`slots`: each input's index among the bound values).
 * Kept by the kernel cache to confirm a hit; never changed after.
 */
interface TemplateProbe {
  prim: Prim;
  attrs: string;
  shape: readonly number[];
  maxInputs: number;
  software: boolean;
  slots: number[];
  views: View[];
  scratch: number;
}

function probeHash(p: TemplateProbe): number {
  let h = mixString(HASH_START, p.prim);
  h = mixString(h, p.attrs);
  h = mixNumbers(h, p.shape);
  h = mix(mix(mix(h, p.maxInputs), p.software ? 1 : 0), p.scratch);
  for (let k = 0; k < p.views.length; k++) {
    const v = p.views[k];
    h = mix(mix(h, p.slots[k]), v.base);
    h = mixNumbers(mixNumbers(h, v.shape), v.strides);
  }
  return h;
}

function sameProbe(a: TemplateProbe, b: TemplateProbe): boolean {
  if (a.prim !== b.prim || a.attrs !== b.attrs || a.maxInputs !== b.maxInputs) return false;
  if (a.software !== b.software || a.scratch !== b.scratch || !sameNumbers(a.shape, b.shape)) return false;
  if (!sameNumbers(a.slots, b.slots) || a.views.length !== b.views.length) return false;
  for (let k = 0; k < a.views.length; k++) {
    const x = a.views[k];
    const y = b.views[k];
    if (x.base !== y.base || !sameNumbers(x.shape, y.shape) || !sameNumbers(x.strides, y.strides))
      return false;
  }
  return true;
}

/**
 * A non-elementwise op's kernels, generated once per structure (TemplateProbe), the rule run
 * against a context that names buffers by slot. Found by a numeric hash and a field-by-field
 * compare rather than a text key: building and hashing a key per product was a sizable part
 * of a 200-block re-plan's lowering.
 */
function lowerTemplated(n: IRNode, rule: Rule<Prim>, c: LowerCtx): KernelSpec[] {
  const ids: number[] = [];
  const slots: number[] = [];
  const views: View[] = [];
  for (const i of n.inputs) {
    const v = c.view(i);
    let k = ids.indexOf(v.src);
    if (k < 0) k = ids.push(v.src) - 1;
    slots.push(k);
    views.push(v);
  }
  ids.push(n.id);
  // Scratch values are fresh on every call, hit or miss: bound like the operands.
  const scratch = numbersOf(scratchShapes(n, c), (shape) => c.scratch!(shape));
  for (const s of scratch) ids.push(s);
  const probe: TemplateProbe = {
    prim: n.prim,
    attrs: attrKey(n.attrs),
    shape: n.shape,
    maxInputs: c.maxInputs,
    software: !!c.software,
    slots,
    views,
    scratch: scratch.length,
  };
  return c.kernels.bindStructure(
    probeHash(probe),
    probe,
    sameProbe,
    ids,
    `%${n.id} ${n.prim}`,
    (label, slot) => {
      let asked = 0;
      const slotted: LowerCtx = {
        ...c,
        view: (i) => {
          const v = c.view(i);
          return { ...v, src: slot(v.src) };
        },
        buf: (i) => slot(c.buf(i)),
        scratch: () => {
          if (asked >= scratch.length)
            throw new Error(`%${n.id} ${n.prim}: scratch not declared in scratchShapes`);
          return slot(scratch[asked++]);
        },
      };
      const low = rule(irNode(slot(n.id), n.prim, n.inputs, n.attrs, n.shape), slotted);
      if (low.kind !== "kernels") throw new Error(`%${n.id} ${n.prim}: expected kernels`);
      // Rules label their kernels `%id prim`; the template carries the label placeholder instead.
      const own = `%${slot(n.id)} ${n.prim}`;
      return low.specs.map((s) => ({ ...s, label: s.label.split(own).join(label) }));
    },
  );
}
