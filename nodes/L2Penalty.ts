import type { Tensor } from "../src/ir/builder";
import { defineBlock } from "./types";

interface Params {
  coef: number;
  params: string[];
}

/** Decayed: weight, weight_ih_l0, … and a Parameter's value; never biases or buffers (running_mean). */
function decays(name: string): boolean {
  return name.startsWith("weight") || name === "value";
}

export const L2Penalty = defineBlock<Params>({
  type: "L2Penalty",
  category: "losses",
  doc: "loss = coef · Σ w² over the listed blocks' weights (not biases); left unwired, it joins every optimiser's loss",
  params: [
    {
      name: "coef",
      kind: "float",
      default: 1e-4,
      min: 0,
      max: 10,
      log: true,
      doc: "penalty factor (SGD's weight_decay λ = 2·coef)",
    },
    { name: "params", kind: "nodes", default: [], doc: "blocks whose weights are penalised" },
  ],
  inputs: [],
  outputs: [{ name: "loss" }],
  shape({ params }) {
    // A shape rule cannot see other nodes, so "empty: every block" is not available; refuse
    // rather than silently penalise nothing.
    if (params.params.length === 0)
      throw new Error('L2Penalty: list the blocks whose weights it penalises in "params"');
    return { loss: [] };
  },
  lower({ b, params, weightsOf }) {
    let total: Tensor | undefined;
    for (const id of params.params) {
      for (const [name, w] of Object.entries(weightsOf(id))) {
        if (!decays(name)) continue;
        const s = w.square().sum();
        total = total ? total.add(s) : s;
      }
    }
    return { loss: total ? total.mul(params.coef) : b.scalar(0) };
  },
  // The generated harness's weightsOf returns the example's own (here: no) weights, so this
  // example only checks the shape rule; test/blocks/losses.test.ts checks the gradient.
  examples: [
    {
      params: { coef: 0.01, params: ["lin", "p"] },
      inputs: {},
      otherWeights: { lin: { weight: [3, 4], bias: [3] }, p: { value: [2] } },
      note: "weights and a Parameter are penalised, the bias is not",
    },
  ],
  badWiring: [],
});
