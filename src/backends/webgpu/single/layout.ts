// Where each value of a whole-program kernel lives. Everything the kernel computes and
// every constant has a region of one storage buffer (the heap), one region per value and
// no reuse: the programs that take this path are small by definition (see choose.ts), so
// clarity beats bytes. Fed tensors keep a buffer each (bound read-only, so a device-side
// batch gather can fill them as on the planned path); scalar inputs come in the frame
// uniform, in the planned path's slots, and are copied to the heap when the kernel starts.
// Variables stay in the session's own buffers, bound one binding each, as many as the
// adapter allows; the rest are copied into heap regions before the dispatch and back after.

import type { IRNode, PrimAttrs } from "../../../ir/prims";
import { size } from "../../../ir/shape";
import { ALIAS_PRIMS, isFrameScalar } from "../fuse";

/** A value's home: buffer name in the WGSL (`heap` or `v{k}`) and its first element. */
export interface Loc {
  buf: string;
  off: number;
}

export interface SingleLayout {
  locs: Map<number, Loc>;
  /** Fed tensors in binding order (`in{k}`), with their heap regions. */
  inputs: Map<string, { off: number; length: number }>;
  /** Scalar inputs: name → frame slot, and the heap element the kernel copies it to. */
  scalars: Map<string, { slot: number; off: number }>;
  consts: { off: number; data: Float32Array<ArrayBuffer> }[];
  /** Variables bound directly, in binding order (`v{k}`), copied to the heap by the kernel. */
  bound: string[];
  /** Variables copied into the heap by the command encoder around the dispatch. */
  copied: Map<string, { off: number; length: number }>;
  /** Every variable's heap region. */
  varLoc: Map<string, { off: number; length: number }>;
  /** Allocates a fresh heap region (for values computed in the kernel). */
  alloc(length: number): number;
  readonly floats: number;
}

export function layoutProgram(
  nodes: readonly IRNode[],
  needed: Uint8Array,
  /** Storage bindings left for fed inputs and variables. */
  storageBindings: number,
): SingleLayout {
  let top = 0;
  const alloc = (length: number) => {
    const off = top;
    top += Math.max(1, length);
    return off;
  };
  const locs = new Map<number, Loc>();
  const inputs = new Map<string, { off: number; length: number }>();
  const scalars = new Map<string, { slot: number; off: number }>();
  for (const n of nodes) {
    if (!needed[n.id] || n.prim !== "input") continue;
    const name = (n.attrs as PrimAttrs["input"]).name;
    if (isFrameScalar(n)) {
      let r = scalars.get(name);
      if (!r) {
        r = { slot: scalars.size, off: alloc(1) };
        scalars.set(name, r);
      }
      locs.set(n.id, { buf: "heap", off: r.off });
    } else {
      let r = inputs.get(name);
      if (!r) {
        r = { off: alloc(size(n.shape)), length: size(n.shape) };
        inputs.set(name, r);
      }
      locs.set(n.id, { buf: "heap", off: r.off });
    }
  }
  const varNames: string[] = [];
  const varLen = new Map<string, number>();
  for (const n of nodes) {
    if (!needed[n.id] || n.prim !== "variable") continue;
    const name = (n.attrs as PrimAttrs["variable"]).name;
    if (!varLen.has(name)) varNames.push(name);
    varLen.set(name, size(n.shape));
  }
  const maxVarBindings = Math.max(0, storageBindings - Math.min(inputs.size, storageBindings));
  const bound = varNames.slice(0, maxVarBindings);
  const copied = new Map<string, { off: number; length: number }>();
  const varLoc = new Map<string, { off: number; length: number }>();
  for (const name of varNames) {
    const length = varLen.get(name)!;
    const r = { off: alloc(length), length };
    varLoc.set(name, r);
    if (!bound.includes(name)) copied.set(name, r);
  }
  const consts: { off: number; data: Float32Array<ArrayBuffer> }[] = [];
  for (const n of nodes) {
    if (!needed[n.id]) continue;
    if (n.prim === "variable") {
      locs.set(n.id, { buf: "heap", off: varLoc.get((n.attrs as PrimAttrs["variable"]).name)!.off });
    } else if (n.prim === "input") {
      // placed above
    } else if (ALIAS_PRIMS.has(n.prim)) {
      locs.set(n.id, locs.get(n.inputs[0])!);
    } else if (n.prim === "const") {
      const a = n.attrs as PrimAttrs["const"];
      const data = new Float32Array(size(n.shape));
      if (a.data.length === 1) data.fill(Number(a.data[0]));
      else data.set(a.data);
      const off = alloc(data.length);
      consts.push({ off, data });
      locs.set(n.id, { buf: "heap", off });
    } else {
      locs.set(n.id, { buf: "heap", off: alloc(size(n.shape)) });
    }
  }
  return {
    locs,
    inputs,
    scalars,
    consts,
    bound,
    copied,
    varLoc,
    alloc,
    get floats() {
      return top;
    },
  };
}
