import type { NodeInfo } from "../../../compile/analyze";
import { activationEmitters } from "./activations";
import { dataEmitters } from "./data";
import { layerEmitters } from "./layers";
import { mathEmitters } from "./maths";
import { probabilisticEmitters } from "./probabilistic";
import { recurrentEmitters } from "./recurrent";
import type { Emitter } from "./types";

/** Every block's ONNX emitter, by block type. A block missing here exports as a problem. */
export const onnxEmitters: Record<string, Emitter> = {
  ...dataEmitters,
  ...layerEmitters,
  ...recurrentEmitters,
  ...activationEmitters,
  ...mathEmitters,
  ...probabilisticEmitters,
};

/** Categories that only exist for training: an inference graph leaves them out by design. */
export const TRAINING_ONLY: readonly NodeInfo["def"]["category"][] = ["losses", "optimizers"];

export type { EmitCtx, Emitter } from "./types";
export { NoOnnxCounterpart } from "./types";
