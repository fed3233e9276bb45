// Probabilistic blocks. The two samplers are small modules so that `--check` can swap in
// fixed noise (the values wiregrad drew) for torch's generator; StraightThrough is one line.
import { type EmitterTable, moduleCall } from "./emit";
import { pyBool, pyNum } from "./py";

const NORMAL_SAMPLE = `class NormalSample(nn.Module):
    """mu + exp(logvar / 2) * eps with eps ~ N(0, 1): a reparameterised sample (train and eval alike)."""

    def forward(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn(torch.broadcast_shapes(mu.shape, std.shape), device=mu.device)
        return mu + std * eps`;

const NORMAL_SAMPLE_FIXED = `class FixedNormalSample(nn.Module):
    """NormalSample with wiregrad's eps."""

    def __init__(self, module, eps):
        super().__init__()
        self.eps = eps

    def forward(self, mu, logvar):
        return mu + torch.exp(0.5 * logvar) * self.eps`;

const GUMBEL_SOFTMAX = `class GumbelSoftmax(nn.Module):
    """F.gumbel_softmax as a module: softmax((logits + g) / tau) with g ~ Gumbel(0, 1);
    hard: the one-hot of the argmax in the forward, the soft sample's gradient."""

    def __init__(self, tau=1.0, hard=False, dim=-1):
        super().__init__()
        self.tau, self.hard, self.dim = tau, hard, dim

    def forward(self, logits):
        return F.gumbel_softmax(logits, tau=self.tau, hard=self.hard, dim=self.dim)`;

const GUMBEL_SOFTMAX_FIXED = `class FixedGumbelSoftmax(nn.Module):
    """GumbelSoftmax with wiregrad's uniform draws u: g = -log(-log(u)), u lifted to 2^-24."""

    def __init__(self, module, u):
        super().__init__()
        self.tau, self.hard, self.dim = module.tau, module.hard, module.dim
        self.g = -torch.log(-torch.log(torch.clamp(u, min=2.0**-24)))

    def forward(self, logits):
        y = torch.softmax((logits + self.g) / self.tau, dim=self.dim)
        if not self.hard:
            return y
        # As F.gumbel_softmax: the one-hot of the argmax, with the soft sample's gradient.
        y_hard = torch.zeros_like(y).scatter_(self.dim, y.argmax(self.dim, keepdim=True), 1.0)
        return y_hard - y.detach() + y`;

export const probabilisticEmitters: EmitterTable = {
  NormalSample: {
    emit: (ctx) => ({
      ...moduleCall(ctx, "NormalSample()", [ctx.inputs.mu, ctx.inputs.logvar]),
      helpers: [NORMAL_SAMPLE],
      noise: { fixed: "FixedNormalSample", source: NORMAL_SAMPLE_FIXED },
    }),
  },
  GumbelSoftmax: {
    emit: (ctx) => ({
      ...moduleCall(
        ctx,
        `GumbelSoftmax(tau=${pyNum(ctx.params.tau as number)}, hard=${pyBool(ctx.params.hard as boolean)}, dim=${pyNum(ctx.params.dim as number)})`,
        [ctx.inputs.in],
      ),
      helpers: [GUMBEL_SOFTMAX],
      noise: { fixed: "FixedGumbelSoftmax", source: GUMBEL_SOFTMAX_FIXED },
    }),
  },
  // f(x) + (x - x.detach()): exactly f(x) forward, the identity's gradient backward.
  StraightThrough: {
    emit(ctx) {
      const x = ctx.inputs.in;
      const f = ctx.params.fn === "sign" ? `torch.sign(${x})` : `torch.floor(${x} + 0.5)`;
      return { lines: [`${ctx.name} = ${f} + (${x} - ${x}.detach())`], outputs: { out: ctx.name } };
    },
  },
};
