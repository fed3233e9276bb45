// Shapes at the graph level, where the batch dimension is symbolic ("B"), so a graph's
// shapes are known before anyone picks a batch size.

export type Dim = number | "B";
export type SymShape = Dim[];

export function fmtSym(s: SymShape | undefined): string {
  return s ? `[${s.join(", ")}]` : "nothing";
}

/** A shape problem at one port of one block; compile adds the node id. */
export class PortShapeError extends Error {
  override name = "PortShapeError";
  constructor(
    readonly port: string,
    message: string,
    readonly expected?: string,
    readonly actual?: SymShape,
  ) {
    super(message);
  }
}

/** A param that cannot work with the rest (output_padding ≥ stride); compile pins it to the param. */
export class ParamError extends Error {
  override name = "ParamError";
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

/** Broadcast two symbolic shapes; "B" only meets "B" or 1. */
export function broadcastSym(a: SymShape, b: SymShape, port = "b"): SymShape {
  const rank = Math.max(a.length, b.length);
  const out: SymShape = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x === 1) out.push(y);
    else if (y === 1 || x === y) out.push(x);
    else {
      throw new PortShapeError(
        port,
        `shapes ${fmtSym(a)} and ${fmtSym(b)} do not broadcast (dim ${i}: ${x} vs ${y})`,
        `a shape broadcastable with ${fmtSym(a)}`,
        b,
      );
    }
  }
  return out;
}

/** Replace "B" by a concrete batch size. */
export function concrete(s: SymShape, batch: number): number[] {
  return s.map((d) => (d === "B" ? batch : d));
}

/** Product of the dims, or undefined when "B" is among them. */
export function staticSize(s: SymShape): number | undefined {
  let n = 1;
  for (const d of s) {
    if (d === "B") return undefined;
    n *= d;
  }
  return n;
}

/** Require a port to be connected and of a given rank (or ranks); returns the shape. */
export function requireRank(
  inputs: Record<string, SymShape | undefined>,
  port: string,
  ranks: number | number[],
  what: string,
): SymShape {
  const s = inputs[port];
  const ok = Array.isArray(ranks) ? ranks : [ranks];
  if (!s) throw new PortShapeError(port, `input "${port}" is not connected`, what);
  if (!ok.includes(s.length)) {
    throw new PortShapeError(port, `expected ${what}, got ${fmtSym(s)}`, what, s);
  }
  return s;
}

/** A dim that must be a known number (e.g. a Linear's in_features), never the batch. */
export function staticDim(s: SymShape, axis: number, port: string, what: string): number {
  const d = s[axis < 0 ? s.length + axis : axis];
  if (typeof d !== "number") {
    throw new PortShapeError(
      port,
      `${what} must be a fixed size, but it is the batch dim in ${fmtSym(s)}`,
      what,
      s,
    );
  }
  return d;
}
