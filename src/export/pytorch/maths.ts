// Maths blocks: inline torch expressions, one line each.
import type { EmitCtx, EmitterTable } from "./emit";
import { inline } from "./emit";
import { pyNum, pyValue } from "./py";

const binary = (op: string) => ({
  emit: (ctx: EmitCtx) => inline(ctx, `${ctx.inputs.a} ${op} ${ctx.inputs.b}`),
});
const fn = (f: string) => ({ emit: (ctx: EmitCtx) => inline(ctx, `${f}(${ctx.inputs.in})`) });

/** torch.sum / torch.mean over `dim` ([] = every dim, as torch's dim=None). */
const reduction = (f: string) => ({
  emit(ctx: EmitCtx) {
    const x = ctx.inputs.in;
    const dims = ctx.params.dim as number[];
    const keep = ctx.params.keepdim === true;
    const rank = ctx.inShapes.in.length;
    if (rank === 0 || (dims.length === 0 && !keep)) return inline(ctx, `${f}(${x})`);
    // keepdim over every dim needs the dims spelled out (torch's dim=None drops them all).
    const all = dims.length === 0 ? Array.from({ length: rank }, (_, i) => i) : dims;
    const keepArg = keep ? ", keepdim=True" : "";
    return inline(ctx, `${f}(${x}, dim=${pyValue(all, true)}${keepArg})`);
  },
});

export const mathEmitters: EmitterTable = {
  Add: binary("+"),
  Sub: binary("-"),
  Mul: binary("*"),
  Div: binary("/"),
  MatMul: { emit: (ctx) => inline(ctx, `torch.matmul(${ctx.inputs.a}, ${ctx.inputs.b})`) },
  Pow: { emit: (ctx) => inline(ctx, `torch.pow(${ctx.inputs.a}, ${ctx.inputs.b})`) },
  Exp: fn("torch.exp"),
  Log: fn("torch.log"),
  Sin: fn("torch.sin"),
  Cos: fn("torch.cos"),
  Sqrt: fn("torch.sqrt"),
  Abs: fn("torch.abs"),
  Square: fn("torch.square"),
  Sum: reduction("torch.sum"),
  Mean: reduction("torch.mean"),
  Concat: {
    emit: (ctx) =>
      inline(ctx, `torch.cat([${ctx.inputs.a}, ${ctx.inputs.b}], dim=${pyNum(ctx.params.dim as number)})`),
  },
  Transpose: {
    emit: (ctx) =>
      inline(
        ctx,
        `torch.transpose(${ctx.inputs.in}, ${pyNum(ctx.params.dim0 as number)}, ${pyNum(ctx.params.dim1 as number)})`,
      ),
  },
  Detach: { emit: (ctx) => inline(ctx, `${ctx.inputs.in}.detach()`) },
};
