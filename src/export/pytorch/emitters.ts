// Every block type's PyTorch mapping, merged from the tables of each concern. The test suite
// checks this against the block registry, so a new block without a mapping fails it.
import { activationEmitters } from "./activations";
import { dataEmitters } from "./data";
import type { EmitterTable } from "./emit";
import { layerEmitters } from "./layers";
import { lossEmitters } from "./losses";
import { mathEmitters } from "./maths";
import { optimizerEmitters } from "./optim";
import { probabilisticEmitters } from "./probabilistic";

/** Optimisers have no part in forward: they become torch.optim objects (optim.ts). */
const optimizerBlocks: EmitterTable = Object.fromEntries(
  Object.keys(optimizerEmitters).map((t) => [t, { emit: () => ({ lines: [], outputs: {} }) }]),
);

export const pytorchEmitters: EmitterTable = {
  ...dataEmitters,
  ...layerEmitters,
  ...activationEmitters,
  ...mathEmitters,
  ...lossEmitters,
  ...probabilisticEmitters,
  ...optimizerBlocks,
};
