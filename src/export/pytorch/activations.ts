// Activations: the torch.nn module of the same name, with the block's params as arguments.
import { type EmitCtx, type EmitterTable, moduleCall } from "./emit";
import { pyNum, pyStr } from "./py";

const act = (ctor: (ctx: EmitCtx) => string) => ({
  emit: (ctx: EmitCtx) => moduleCall(ctx, ctor(ctx), [ctx.inputs.in]),
});

const num = (ctx: EmitCtx, k: string) => pyNum(ctx.params[k] as number);

export const activationEmitters: EmitterTable = {
  ReLU: act(() => "nn.ReLU()"),
  LeakyReLU: act((ctx) => `nn.LeakyReLU(negative_slope=${num(ctx, "negative_slope")})`),
  Sigmoid: act(() => "nn.Sigmoid()"),
  Tanh: act(() => "nn.Tanh()"),
  GELU: act((ctx) => `nn.GELU(approximate=${pyStr(ctx.params.approximate as string)})`),
  Softplus: act((ctx) => `nn.Softplus(beta=${num(ctx, "beta")}, threshold=${num(ctx, "threshold")})`),
  ELU: act((ctx) => `nn.ELU(alpha=${num(ctx, "alpha")})`),
  Softmax: act((ctx) => `nn.Softmax(dim=${num(ctx, "dim")})`),
  LogSoftmax: act((ctx) => `nn.LogSoftmax(dim=${num(ctx, "dim")})`),
};
