import { shortestFloat32 } from "../../../graph/weights";
import type { ValueRef } from "./context";
import { ImportUnsupported } from "./decode";
import type { Importer } from "./layers";

// Activations, elementwise maths and joins → their blocks, one to one.

function unary(
  type: string,
  params: (c: Parameters<Importer>[0]) => Record<string, number> = () => ({}),
): Importer {
  return (c) => {
    const x = c.need(0, "input");
    c.produce(0, c.block(type, params(c), { in: x }), "out", c.s.rank(x));
  };
}

function binary(type: string): Importer {
  return (c) => {
    const [a, b] = [c.need(0, "A"), c.need(1, "B")];
    const [ra, rb] = [c.s.rank(a), c.s.rank(b)];
    const rank = ra !== undefined && rb !== undefined ? Math.max(ra, rb) : undefined;
    c.produce(0, c.block(type, {}, { a, b }), "out", rank);
  };
}

/** Softmax and LogSoftmax: one axis since opset 13; before, the input was coerced to 2-D at axis. */
function alongAxis(type: string): Importer {
  return (c) => {
    const x = c.need(0, "input");
    const r = c.s.rank(x);
    const old = c.s.opset < 13;
    const ax = c.a.int("axis", old ? 1 : -1);
    const axis = ax < 0 && r !== undefined ? ax + r : ax;
    if (old && axis !== (r ?? 0) - 1) {
      throw new ImportUnsupported(`opset ${c.s.opset} normalises over all dims from axis ${ax}, not one dim`);
    }
    c.produce(0, c.block(type, { dim: ax }, { in: x }), "out", r);
  };
}

export const elementwiseImporters: Record<string, Importer> = {
  Relu: unary("ReLU"),
  Sigmoid: unary("Sigmoid"),
  Tanh: unary("Tanh"),
  Exp: unary("Exp"),
  Log: unary("Log"),
  Sin: unary("Sin"),
  Cos: unary("Cos"),
  Sqrt: unary("Sqrt"),
  Abs: unary("Abs"),
  LeakyRelu: unary("LeakyReLU", (c) => ({ negative_slope: shortestFloat32(c.a.float("alpha", 0.01)) })),
  Elu: unary("ELU", (c) => ({ alpha: shortestFloat32(c.a.float("alpha", 1)) })),
  Softmax: alongAxis("Softmax"),
  LogSoftmax: alongAxis("LogSoftmax"),
  Add: binary("Add"),
  Sub: binary("Sub"),
  Mul: binary("Mul"),
  Div: binary("Div"),
  Pow: binary("Pow"),
  Identity(c) {
    const x = c.need(0, "input");
    // A named Identity of an initializer is how wiregrad exports a Parameter: keep the name.
    c.alias(0, c.s.values.get(x) ?? c.s.constBlock(x, c.name));
  },
  Concat(c) {
    const ins = (c.node.input ?? []).filter((v) => v);
    const ax = c.a.int("axis", 0);
    if (ins.length === 0) throw new ImportUnsupported("has no inputs");
    const rank = c.s.rank(ins[0]);
    // Concat blocks join two tensors: n inputs become a chain of n − 1.
    let acc: string | ValueRef = ins[0];
    for (let k = 1; k < ins.length; k++) {
      const id = c.block("Concat", { dim: ax }, { a: acc, b: ins[k] });
      acc = { node: id, port: "out", rank };
    }
    c.alias(0, typeof acc === "string" ? (c.s.values.get(acc) ?? c.s.constBlock(acc)) : acc);
  },
  Transpose(c) {
    const x = c.need(0, "data");
    const r = c.s.rank(x);
    if (r === undefined) throw new ImportUnsupported("its input's rank is unknown");
    const perm = c.a.ints(
      "perm",
      Array.from({ length: r }, (_, i) => r - 1 - i),
    );
    const moved = perm.map((p, i) => (p === i ? -1 : i)).filter((i) => i >= 0);
    if (moved.length === 0) return c.alias(0, c.s.values.get(x) ?? c.s.constBlock(x));
    if (moved.length !== 2)
      throw new ImportUnsupported(`perm [${perm}] moves more than two dims (Transpose swaps two)`);
    const [i, j] = moved;
    c.produce(0, c.block("Transpose", { dim0: i, dim1: j }, { in: x }), "out", r);
  },
};
