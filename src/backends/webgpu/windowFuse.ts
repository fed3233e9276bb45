// Convolution and pooling without im2col. Conv2d and MaxPool2d lower to unfold (im2col) plus
// matmul / reduce_max, and their gradients to eq → sum → div → mul → fold chains; on the
// GPU that means writing and re-reading column buffers many times the image's size. Here
// the planner recognises those patterns in the IR and gives the op at the end of each one
// a kernel that reads the image through the window's index arithmetic instead:
//
//   matmul(A, reshape(unfold(x)))                 implicit GEMM, taps along k (the forward)
//   matmul(A, transpose(reshape(unfold(x))))      implicit GEMM, taps along n (dW)
//   reduce_max(unfold(x), [2, 3])                 a direct max pool
//   fold(eq(unfold(x), y)/sum(eq)·g)              a direct max-pool gradient (reduce_max's VJP)
//   fold(reshape(matmul(Wᵀ, G)))                  a transposed convolution (the conv's dX)
//
// The IR and the CPU executor are untouched: the matched op keeps its value id and shape,
// only its inputs for liveness change, so the values inside a pattern are no longer needed
// and get neither a kernel nor a buffer (unfold's, once all its readers are fused).

import type { IRNode, PrimAttrs, WindowAttrs } from "../../ir/prims";
import { normAxis, shapeEq } from "../../ir/shape";
import { ALIAS_PRIMS } from "./fuse";
import { type KernelSpec, withTiers } from "./kernel";
import { type LowerCtx, type Lowered, matView } from "./kernels";
import { applyView, VIEW_PRIMS, type View } from "./views";
import { convInputGradKernel, QUICK_IMAGE_TILE } from "./wgsl/convInputGrad";
import { implicitGemmKernel, QUICK_TILE } from "./wgsl/implicitGemm";
import { maxPoolBackwardKernel, maxPoolKernel } from "./wgsl/pool";

export interface WindowFusion {
  /** The values the fused kernel reads: the op's inputs from now on. */
  inputs: number[];
  lower(ctx: LowerCtx): Lowered;
}

export interface Liveness {
  /** The requested values. */
  outputs: readonly number[];
  /** Values that must keep a buffer of their own (outputs, detached values). */
  keep: Set<number>;
  /** Per value: needed by the outputs; rewritten for the fused inputs. */
  needed: Uint8Array;
  /** Per value: its readers among the needed ops; rewritten for the fused inputs. */
  consumers: number[][];
}

/** WIREGRAD_WINDOW_FUSION=0 turns the patterns off (to measure what they gain). */
const disabled = () => typeof process !== "undefined" && process.env?.WIREGRAD_WINDOW_FUSION === "0";

const WINDOW_KEYS = ["kh", "kw", "sh", "sw", "ph", "pw", "dh", "dw"] as const;
const sameWindow = (a: WindowAttrs, b: WindowAttrs) => WINDOW_KEYS.every((k) => a[k] === b[k]);

/**
 * Finds the patterns among the needed ops, and rewrites `needed` and `consumers` as if each
 * matched op read its fused inputs. Returns the matched ops by value id.
 */
export function fuseWindowOps(nodes: readonly IRNode[], live: Liveness): Map<number, WindowFusion> {
  const fused = new Map<number, WindowFusion>();
  if (disabled()) return fused;
  const { needed, consumers, keep } = live;
  const owner = (id: number): number => (ALIAS_PRIMS.has(nodes[id].prim) ? owner(nodes[id].inputs[0]) : id);
  const unfoldOf = (id: number): IRNode<"unfold"> | undefined => {
    const u = nodes[owner(id)];
    return u.prim === "unfold" ? (u as IRNode<"unfold">) : undefined;
  };
  /** Read only by `readers` (and not requested): the value may vanish into a kernel. */
  const privateTo = (id: number, ...readers: number[]) =>
    !keep.has(id) && consumers[id].every((c) => readers.includes(c));
  const isReduceOverWindow = (n: IRNode) => {
    if (n.prim !== "reduce_max" && n.prim !== "sum") return false;
    const axes = (n.attrs as PrimAttrs["sum"]).axes.map((a) => normAxis(a, 6));
    return axes.length === 2 && axes.includes(2) && axes.includes(3);
  };

  for (let id = 0; id < nodes.length; id++) {
    if (!needed[id]) continue;
    const n = nodes[id];
    const f =
      n.prim === "matmul"
        ? matchConv(n, nodes, unfoldOf)
        : n.prim === "reduce_max"
          ? matchPool(n, unfoldOf, isReduceOverWindow)
          : n.prim === "fold"
            ? (matchPoolGrad(n as IRNode<"fold">, nodes, owner, unfoldOf, privateTo, isReduceOverWindow) ??
              matchConvInputGrad(n as IRNode<"fold">, nodes, privateTo))
            : undefined;
    if (f) fused.set(id, f);
  }
  if (fused.size) relink(nodes, live, fused);
  return fused;
}

/** matmul(A, [N, C·kh·kw, Ho·Wo] view of unfold(x)), B plain or transposed. */
function matchConv(
  n: IRNode,
  nodes: readonly IRNode[],
  unfoldOf: (id: number) => IRNode<"unfold"> | undefined,
): WindowFusion | undefined {
  if (n.shape.length !== 3) return undefined;
  const [aId, bId] = n.inputs;
  let cols = bId;
  let taps: "k" | "n" = "k";
  const t = nodes[bId];
  if (t.prim === "transpose") {
    const perm = (t.attrs as PrimAttrs["transpose"]).perm;
    if (perm.length !== 3 || perm[0] !== 0 || perm[1] !== 2 || perm[2] !== 1) return undefined;
    cols = t.inputs[0];
    taps = "n";
  }
  const u = unfoldOf(cols);
  if (!u || nodes[cols].prim !== "reshape") return undefined;
  const [batch, c, kh, kw, ho, wo] = u.shape;
  if (!shapeEq(nodes[cols].shape, [batch, c * kh * kw, ho * wo]) || n.shape[0] !== batch) return undefined;
  const x = u.inputs[0];
  const [, m, cn] = n.shape;
  const k = taps === "k" ? c * kh * kw : ho * wo;
  return {
    inputs: [aId, x],
    lower: (ctx) => ({
      kind: "kernels",
      specs: [
        tiered(
          ctx,
          implicitGemmKernel,
          {
            m,
            k,
            n: cn,
            batch,
            a: matView(ctx.view(aId), [batch]),
            b: { x: ctx.view(x), window: u.attrs, taps },
            write: n.id,
            label: `%${n.id} matmul (implicit im2col of %${x}, taps along ${taps})`,
          },
          QUICK_TILE,
        ),
      ],
    }),
  };
}

/** reduce_max(unfold(x), [2, 3]). */
function matchPool(
  n: IRNode,
  unfoldOf: (id: number) => IRNode<"unfold"> | undefined,
  isReduceOverWindow: (n: IRNode) => boolean,
): WindowFusion | undefined {
  const u = unfoldOf(n.inputs[0]);
  if (!u || u.id !== n.inputs[0] || !isReduceOverWindow(n)) return undefined;
  const x = u.inputs[0];
  return {
    inputs: [x],
    lower: (ctx) => ({
      kind: "kernels",
      specs: [maxPoolKernel(ctx.view(x), u.attrs, n.id, `%${n.id} max pool of %${x}`)],
    }),
  };
}

/**
 * fold(mul(div(E, sum(E, [2, 3])), g)) with E = eq(unfold(x), y) and y = reduce_max of that
 * unfold: reduce_max's VJP (vjp.ts) followed by unfold's. Either operand order.
 */
function matchPoolGrad(
  fold: IRNode<"fold">,
  nodes: readonly IRNode[],
  owner: (id: number) => number,
  unfoldOf: (id: number) => IRNode<"unfold"> | undefined,
  privateTo: (id: number, ...readers: number[]) => boolean,
  isReduceOverWindow: (n: IRNode) => boolean,
): WindowFusion | undefined {
  const mul = nodes[fold.inputs[0]];
  if (mul.prim !== "mul" || !privateTo(mul.id, fold.id)) return undefined;
  const [d, g] = nodes[mul.inputs[0]].prim === "div" ? mul.inputs : [mul.inputs[1], mul.inputs[0]];
  const div = nodes[d];
  if (div.prim !== "div" || !privateTo(div.id, mul.id)) return undefined;
  const [eId, sId] = div.inputs;
  const eq = nodes[eId];
  const sum = nodes[sId];
  if (eq.prim !== "eq" || sum.prim !== "sum" || sum.inputs[0] !== eId || !isReduceOverWindow(sum))
    return undefined;
  if (!privateTo(eId, div.id, sum.id) || !privateTo(sId, div.id)) return undefined;
  const uFirst = nodes[eq.inputs[0]].prim === "unfold";
  const [uId, rId] = uFirst ? eq.inputs : [eq.inputs[1], eq.inputs[0]];
  const u = unfoldOf(uId);
  const y = nodes[owner(rId)];
  if (!u || u.id !== uId || y.prim !== "reduce_max" || y.inputs[0] !== uId || !isReduceOverWindow(y)) {
    return undefined;
  }
  const a = fold.attrs;
  const x = u.inputs[0];
  const [batch, c, , , ho, wo] = u.shape;
  const xs = nodes[x].shape;
  if (!sameWindow(a, u.attrs) || xs[2] !== a.height || xs[3] !== a.width) return undefined;
  // y, the tie count and g must each hold one value per window (broadcast over its taps).
  const perWindow = [batch, c, 1, 1, ho, wo];
  if (![rId, sId, g].every((id) => shapeEq(nodes[id].shape, perWindow))) return undefined;
  return {
    inputs: [x, rId, g],
    lower: (ctx) => ({
      kind: "kernels",
      specs: [
        maxPoolBackwardKernel(
          ctx.view(x),
          u.attrs,
          ctx.buf(rId),
          ctx.buf(g),
          fold.id,
          `%${fold.id} max pool gradient of %${x} (%${eq.id} eq … %${mul.id} mul, fold)`,
        ),
      ],
    }),
  };
}

/** fold(reshape(matmul(Wᵀ, G))) with the matmul [N, C·kh·kw, Ho·Wo]: a convolution's dX. */
function matchConvInputGrad(
  fold: IRNode<"fold">,
  nodes: readonly IRNode[],
  privateTo: (id: number, ...readers: number[]) => boolean,
): WindowFusion | undefined {
  const r = nodes[fold.inputs[0]];
  if (r.prim !== "reshape" || !privateTo(r.id, fold.id)) return undefined;
  const mm = nodes[r.inputs[0]];
  if (mm.prim !== "matmul" || !privateTo(mm.id, r.id)) return undefined;
  const [batch, c, kh, kw, ho, wo] = r.shape;
  if (!shapeEq(mm.shape, [batch, c * kh * kw, ho * wo])) return undefined;
  const [a, b] = mm.inputs.map((id) => underViews(nodes, id));
  const o = nodes[mm.inputs[0]].shape[nodes[mm.inputs[0]].shape.length - 1];
  return {
    inputs: [a.base, b.base],
    lower: (ctx) => ({
      kind: "kernels",
      specs: [
        tiered(
          ctx,
          convInputGradKernel,
          {
            shape: fold.shape,
            window: fold.attrs,
            o,
            a: matView(a.view(ctx), [batch]),
            b: matView(b.view(ctx), [batch]),
            write: fold.id,
            label: `%${fold.id} convolution input gradient (%${mm.id} matmul, fold)`,
          },
          QUICK_IMAGE_TILE,
        ),
      ],
    }),
  };
}

/**
 * An operand read through its transposes, broadcasts and slices. A fused op that is not a
 * strided reader for fuse.ts (a fold) reads the value under them, applying the views itself:
 * otherwise each view would get a copy kernel.
 */
function underViews(nodes: readonly IRNode[], id: number) {
  const chain: IRNode[] = [];
  let base = id;
  while (VIEW_PRIMS.has(nodes[base].prim)) {
    chain.push(nodes[base]);
    base = nodes[base].inputs[0];
  }
  return {
    base,
    view: (ctx: LowerCtx): View => chain.reduceRight((v, n) => applyView(n, v), ctx.view(base)),
  };
}

/**
 * On a software adapter, the kernel with its quick compile tier (kernel.ts): the same sums
 * with a smaller register block, whose unrolled body SwiftShader compiles 4–6× faster.
 */
function tiered<A, T>(ctx: LowerCtx, make: (args: A, tile?: T) => KernelSpec, args: A, quick: T): KernelSpec {
  return ctx.software ? withTiers(make(args), make(args, quick)) : make(args);
}

/** `needed` and `consumers` as if each fused op read its fused inputs. */
function relink(nodes: readonly IRNode[], live: Liveness, fused: Map<number, WindowFusion>): void {
  const { needed, consumers } = live;
  const inputsOf = (id: number) => fused.get(id)?.inputs ?? nodes[id].inputs;
  needed.fill(0);
  for (const o of live.outputs) needed[o] = 1;
  for (let id = nodes.length - 1; id >= 0; id--) if (needed[id]) for (const i of inputsOf(id)) needed[i] = 1;
  for (const c of consumers) c.length = 0;
  for (let id = 0; id < nodes.length; id++)
    if (needed[id]) for (const i of inputsOf(id)) consumers[i].push(id);
}
