// Optimisers: each block is the torch.optim class of the same name with every hyperparameter
// written out (wiregrad's defaults are not all torch's), over the parameters that
// buildTrainProgram assigns to it.
import type { ParamValue } from "../../../nodes/types";
import { pyBool, pyNum, pyValue } from "./py";

export type OptimizerEmitter = (params: Record<string, ParamValue>, parameters: string) => string;

const num = (p: Record<string, ParamValue>, k: string) => `${k}=${pyNum(p[k] as number)}`;

export const optimizerEmitters: Record<string, OptimizerEmitter> = {
  SGD: (p, params) => {
    // torch refuses nesterov without momentum; with momentum 0 wiregrad's Nesterov step is plain SGD.
    const nesterov = p.nesterov === true && (p.momentum as number) > 0;
    const args = [num(p, "lr"), num(p, "momentum"), `nesterov=${pyBool(nesterov)}`, num(p, "weight_decay")];
    return `torch.optim.SGD(${params}, ${args.join(", ")})`;
  },
  Adam: (p, params) =>
    `torch.optim.Adam(${params}, ${num(p, "lr")}, betas=${pyValue(p.betas, true)}, ${num(p, "eps")}, ${num(p, "weight_decay")})`,
  RMSprop: (p, params) =>
    `torch.optim.RMSprop(${params}, ${["lr", "alpha", "eps", "weight_decay", "momentum"].map((k) => num(p, k)).join(", ")}, centered=${pyBool(p.centered === true)})`,
  Adagrad: (p, params) =>
    `torch.optim.Adagrad(${params}, ${["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"].map((k) => num(p, k)).join(", ")})`,
};
