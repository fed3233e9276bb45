// Losses: torch.nn's loss modules where one exists (reduction as in the block), and inline
// formulas for the two that have none (GaussianKL, L2Penalty). Each classification loss
// also says how wiregrad's accuracy metric reads from forward's outputs.
import { type EmitCtx, type Emitted, type EmitterTable, moduleCall } from "./emit";
import { pyNum, pyStr } from "./py";

const reduction = (ctx: EmitCtx) =>
  ctx.params.reduction === "mean" ? "" : `reduction=${pyStr(ctx.params.reduction as string)}`;

const out = (ctx: EmitCtx, port: string) => `out[${pyStr(ctx.inputKeys[port])}]`;

/** input/target → loss through an nn loss module; `long` when the target holds class indices. */
function lossModule(ctx: EmitCtx, ctor: string, args: string[], long: boolean): Emitted {
  const target = long ? `${ctx.inputs.target}.long()` : ctx.inputs.target;
  const call = `nn.${ctor}(${[...args, reduction(ctx)].filter(Boolean).join(", ")})`;
  return moduleCall(ctx, call, [ctx.inputs.input, target], "loss");
}

/** CrossEntropyLoss and NLLLoss: a target shaped like the input holds probabilities, else indices. */
const holdsIndices = (ctx: EmitCtx) => ctx.inShapes.target.length !== ctx.inShapes.input.length;

const indexAccuracy = (ctx: EmitCtx) =>
  `(${out(ctx, "input")}.argmax(1) == ${out(ctx, "target")}.long()).float().mean()`;

export const lossEmitters: EmitterTable = {
  MSELoss: { emit: (ctx) => lossModule(ctx, "MSELoss", [], false) },
  L1Loss: { emit: (ctx) => lossModule(ctx, "L1Loss", [], false) },
  CrossEntropyLoss: {
    emit(ctx) {
      const eps = ctx.params.label_smoothing as number;
      const indices = holdsIndices(ctx);
      return {
        ...lossModule(ctx, "CrossEntropyLoss", eps ? [`label_smoothing=${pyNum(eps)}`] : [], indices),
        metric: indices
          ? indexAccuracy(ctx)
          : `(${out(ctx, "input")}.argmax(1) == ${out(ctx, "target")}.argmax(1)).float().mean()`,
      };
    },
  },
  NLLLoss: { emit: (ctx) => ({ ...lossModule(ctx, "NLLLoss", [], true), metric: indexAccuracy(ctx) }) },
  BCEWithLogitsLoss: {
    emit: (ctx) => ({
      ...lossModule(ctx, "BCEWithLogitsLoss", [], false),
      metric: `((${out(ctx, "input")} > 0) == (${out(ctx, "target")} > 0.5)).float().mean()`,
    }),
  },
  // KL(N(mu, e^logvar) ‖ N(0, I)) summed over the latent dims; mean: averaged over the batch.
  GaussianKL: {
    emit(ctx) {
      const { mu, logvar } = ctx.inputs;
      const kl = `-0.5 * torch.sum(1 + ${logvar} - ${mu}.square() - ${logvar}.exp())`;
      const expr = ctx.params.reduction === "sum" ? kl : `${kl} / ${mu}.shape[0]`;
      return { lines: [`${ctx.name} = ${expr}`], outputs: { loss: ctx.name } };
    },
  },
  // coef · Σ w² over the listed blocks' weights (weight…, a Parameter's value; never biases).
  L2Penalty: {
    emit(ctx) {
      const terms: string[] = [];
      for (const node of ctx.params.params as string[]) {
        for (const w of ctx.weightNames(node)) {
          if (w.startsWith("weight") || w === "value") terms.push(`${ctx.weightRef(node, w)}.square().sum()`);
        }
      }
      const sum = terms.length ? terms.join(" + ") : "torch.tensor(0.0)";
      const coef = pyNum(ctx.params.coef as number);
      return {
        lines: [`${ctx.name} = ${coef} * (${sum})`],
        outputs: { loss: ctx.name },
      };
    },
  },
};
