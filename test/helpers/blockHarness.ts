import type { AnyBlock } from "../../nodes";
import type { BlockExample, InputDomain } from "../../nodes/types";
import { initWeight } from "../../src/compile/init";
import { lowerBlock } from "../../src/compile/lowerBlock";
import { resolveParams } from "../../src/compile/params";
import { IRBuilder, type Tensor } from "../../src/ir/builder";
import { SeededRandom } from "../../src/ir/rng";
import { size } from "../../src/ir/shape";

export function drawValues(
  domain: InputDomain | undefined,
  shape: number[],
  rng: SeededRandom,
): Float64Array {
  const n = size(shape);
  const out = new Float64Array(n);
  const d = domain ?? { kind: "normal" };
  switch (d.kind) {
    case "normal":
      for (let i = 0; i < n; i++) out[i] = (d.scale ?? 1) * rng.normal();
      break;
    case "positive": {
      const lo = d.min ?? 0.5;
      const hi = d.max ?? 2;
      for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.uniform();
      break;
    }
    case "int":
      for (let i = 0; i < n; i++) out[i] = Math.floor(rng.uniform() * d.max);
      break;
    case "onehot": {
      const rows = n / d.classes;
      for (let r = 0; r < rows; r++) out[r * d.classes + Math.floor(rng.uniform() * d.classes)] = 1;
      break;
    }
    case "probs": {
      const last = shape[shape.length - 1];
      for (let r = 0; r < n / last; r++) {
        let s = 0;
        for (let j = 0; j < last; j++) s += out[r * last + j] = 0.1 + rng.uniform();
        for (let j = 0; j < last; j++) out[r * last + j] /= s;
      }
      break;
    }
    case "values":
      out.set(d.data);
      break;
  }
  return out;
}

export interface BuiltExample {
  b: IRBuilder;
  inputs: Record<string, Tensor>;
  weights: Record<string, Tensor>;
  outputs: Record<string, Tensor>;
  feeds: Record<string, Float64Array>;
  variables: Record<string, Float64Array>;
  /** Names of inputs/variables a gradient flows to (continuous inputs, trainable weights). */
  differentiable: { name: string; tensor: Tensor }[];
  trainableWeights: string[];
  /** The batch size the example was lowered with (its first input's leading dim). */
  batch: number;
}

/**
 * Lower one block example in isolation: each input port becomes an `input` op, each weight
 * a `variable`, with seeded values. `shareInputs` wires one tensor into every port that
 * has the same shape (the fan-out case).
 */
export function buildExample(
  def: AnyBlock,
  ex: BlockExample<Record<string, unknown>>,
  opts: {
    seed?: number;
    shareInputs?: boolean;
    mode?: "train" | "eval";
    paramsOverride?: Record<string, unknown>;
  } = {},
): BuiltExample {
  const { params, problems } = resolveParams(def, { ...ex.params, ...opts.paramsOverride });
  if (problems.length)
    throw new Error(`${def.type} example params: ${problems.map((p) => p.message).join("; ")}`);
  const rng = new SeededRandom(opts.seed ?? 1, 7);
  const b = new IRBuilder();
  const feeds: Record<string, Float64Array> = {};
  const variables: Record<string, Float64Array> = {};
  const inputs: Record<string, Tensor> = {};
  const differentiable: { name: string; tensor: Tensor }[] = [];
  const byShape = new Map<string, Tensor>();
  for (const [port, shape] of Object.entries(ex.inputs)) {
    const domain = ex.domains?.[port];
    const key = JSON.stringify(shape);
    if (opts.shareInputs && (!domain || domain.kind === "normal") && byShape.has(key)) {
      inputs[port] = byShape.get(key)!;
      continue;
    }
    const name = `in.${port}`;
    feeds[name] = drawValues(domain, shape, rng);
    inputs[port] = b.input(name, shape);
    byShape.set(key, inputs[port]);
    if (!domain || domain.kind === "normal" || domain.kind === "positive" || domain.kind === "probs") {
      differentiable.push({ name: `input ${port}`, tensor: inputs[port] });
    }
  }
  const symInputs = Object.fromEntries(Object.entries(ex.inputs).map(([k, v]) => [k, v]));
  const specs = def.weights?.({ params, inputs: symInputs }) ?? {};
  const weights: Record<string, Tensor> = {};
  const trainableWeights: string[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const vname = `w.${name}`;
    const init = initWeight(spec.init, spec.shape, opts.seed ?? 1, name);
    // Perturb constant inits (batch norm's ones/zeros) so the check exercises them generally.
    variables[vname] = Float64Array.from(init, (v) => v + 0.1 * rng.normal());
    weights[name] = b.variable(vname, spec.shape);
    if (spec.trainable !== false) {
      differentiable.push({ name: `weight ${name}`, tensor: weights[name] });
      trainableWeights.push(name);
    }
  }
  const others: Record<string, Record<string, Tensor>> = {};
  for (const [node, ws] of Object.entries(ex.otherWeights ?? {})) {
    others[node] = {};
    for (const [name, shape] of Object.entries(ws)) {
      const vname = `w.${node}.${name}`;
      variables[vname] = drawValues(undefined, shape, rng);
      others[node][name] = b.variable(vname, shape);
      differentiable.push({ name: `weight ${node}.${name}`, tensor: others[node][name] });
    }
  }
  const batch = ex.batch ?? Object.values(ex.inputs)[0]?.[0] ?? 2;
  const outputs = lowerBlock(
    b,
    def,
    "n",
    params,
    inputs,
    weights,
    { mode: opts.mode ?? "train", batch },
    {
      feed: (_node, name, shape) => {
        const fname = `feed.${name}`;
        feeds[fname] = drawValues(undefined, shape, rng);
        return b.input(fname, shape);
      },
      setState: () => {},
      weightsOf: (node) => {
        const w = others[node];
        if (!w) throw new Error(`example has no weights for node "${node}" (add otherWeights)`);
        return w;
      },
      metric: () => {},
    },
  );
  return { b, inputs, weights, outputs, feeds, variables, differentiable, trainableWeights, batch };
}

/** sum over ports of Σ R·out with fixed random R: a scalar whose gradient reaches every output. */
export function randomProjection(built: BuiltExample, seed = 3, useTwice = false): Tensor {
  const rng = new SeededRandom(seed, 11);
  let total: Tensor | null = null;
  for (const out of Object.values(built.outputs)) {
    const r = built.b.constant(drawValues(undefined, [...out.shape], rng), [...out.shape]);
    let term = out.mul(r).sum();
    // Fan-out on the output: the same value feeds two consumers, cotangents must add.
    if (useTwice) term = term.add(out.square().mul(r).sum().mul(0.5));
    total = total ? total.add(term) : term;
  }
  if (!total) throw new Error("block has no outputs");
  return total;
}
