import type { Init } from "../../nodes/types";
import { hashString, SeededRandom } from "../ir/rng";
import { size } from "../ir/shape";

/**
 * Initial values of one weight. Each weight draws from its own stream keyed by its name,
 * so adding a block elsewhere in the graph does not change this block's initial weights.
 */
export function initWeight(init: Init, shape: number[], seed: number, name: string): Float32Array {
  const n = size(shape);
  const out = new Float32Array(n);
  const rng = new SeededRandom(seed, hashString(name));
  switch (init.kind) {
    case "uniform":
      for (let i = 0; i < n; i++) out[i] = (2 * rng.uniform() - 1) * init.bound;
      break;
    case "normal":
      for (let i = 0; i < n; i++) out[i] = (init.mean ?? 0) + init.std * rng.normal();
      break;
    case "fill":
      out.fill(init.value);
      break;
    case "values":
      if (init.data.length !== n)
        throw new Error(`${name}: ${init.data.length} initial values for ${n} elements`);
      out.set(init.data);
      break;
  }
  return out;
}
