// Layers: each block is the torch.nn module of the same name, its sizes taken from the
// inferred shapes (in_features, in_channels, input_size are never typed in the graph).
import { dimOf, type EmitCtx, type Emitted, type EmitterTable, moduleCall } from "./emit";
import { pyBool, pyNum, pyPair, pyValue } from "./py";

/** `name=value` for each param that differs from torch's default (the defaults stay implicit). */
function kwargs(ctx: EmitCtx, defaults: Record<string, unknown>, format: (v: unknown) => string = pyValue) {
  const out: string[] = [];
  for (const [k, def] of Object.entries(defaults)) {
    const v = ctx.params[k];
    if (JSON.stringify(v) !== JSON.stringify(def)) out.push(`${k}=${format(v)}`);
  }
  return out;
}

function ctor(name: string, args: (string | false)[]): string {
  return `nn.${name}(${args.filter((a) => a !== false).join(", ")})`;
}

const window = (ctx: EmitCtx, defaults: Record<string, unknown>) => [
  `kernel_size=${pyPair(ctx.params.kernel_size)}`,
  ...kwargs(ctx, defaults, pyPair),
];

const batchNorm = (type: string) => ({
  emit: (ctx: EmitCtx) =>
    moduleCall(
      ctx,
      ctor(type, [
        String(dimOf(ctx.inShapes.in, 1)),
        ...kwargs(ctx, { eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true }),
      ]),
      [ctx.inputs.in],
    ),
});

/** RNN, LSTM, GRU: out plus h_n (and LSTM's c_n); input_size is the wire's last dim. */
const recurrent = (type: string, extra: Record<string, unknown> = {}) => ({
  emit(ctx: EmitCtx): Emitted {
    const p = ctx.params;
    const args = [
      String(dimOf(ctx.inShapes.in, -1)),
      String(p.hidden_size),
      ...kwargs(ctx, { num_layers: 1, ...extra, bias: true }),
      // Our default is batch_first=True, PyTorch's is False, so it is always written out.
      `batch_first=${pyBool(p.batch_first as boolean)}`,
    ];
    const out = ctx.local("out");
    const h = ctx.local("h_n");
    const c = type === "LSTM" ? ctx.local("c_n") : undefined;
    const targets = c ? `${out}, (${h}, ${c})` : `${out}, ${h}`;
    return {
      init: [`self.${ctx.name} = ${ctor(type, args)}`],
      // h_0 (and c_0) default to zeros, as in wiregrad.
      lines: [`${targets} = self.${ctx.name}(${ctx.inputs.in})`],
      outputs: c ? { out, h_n: h, c_n: c } : { out, h_n: h },
    };
  },
});

const DROPOUT_FIXED = `class FixedDropout(nn.Module):
    """nn.Dropout with wiregrad's mask: keep where u < 1 - p, u being wiregrad's uniform draws."""

    def __init__(self, dropout, u):
        super().__init__()
        self.p, self.u = dropout.p, u

    def forward(self, x):
        if not self.training:
            return x
        return x * ((self.u < 1 - self.p).to(x.dtype) * (1.0 / (1 - self.p)))`;

export const layerEmitters: EmitterTable = {
  Linear: {
    emit: (ctx) =>
      moduleCall(
        ctx,
        ctor("Linear", [
          String(dimOf(ctx.inShapes.in, -1)),
          String(ctx.params.out_features),
          !ctx.params.bias && "bias=False",
        ]),
        [ctx.inputs.in],
      ),
  },
  Conv2d: {
    emit: (ctx) =>
      moduleCall(
        ctx,
        ctor("Conv2d", [
          String(dimOf(ctx.inShapes.in, 1)),
          String(ctx.params.out_channels),
          ...window(ctx, { stride: 1, padding: 0, dilation: 1 }),
          !ctx.params.bias && "bias=False",
        ]),
        [ctx.inputs.in],
      ),
  },
  ConvTranspose2d: {
    emit: (ctx) =>
      moduleCall(
        ctx,
        ctor("ConvTranspose2d", [
          String(dimOf(ctx.inShapes.in, 1)),
          String(ctx.params.out_channels),
          ...window(ctx, { stride: 1, padding: 0, output_padding: 0, dilation: 1 }),
          !ctx.params.bias && "bias=False",
        ]),
        [ctx.inputs.in],
      ),
  },
  // stride null is PyTorch's None: the stride follows the kernel.
  MaxPool2d: {
    emit: (ctx) =>
      moduleCall(ctx, ctor("MaxPool2d", window(ctx, { stride: null, padding: 0 })), [ctx.inputs.in]),
  },
  // count_include_pad=True (torch's default) is what wiregrad computes.
  AvgPool2d: {
    emit: (ctx) =>
      moduleCall(ctx, ctor("AvgPool2d", window(ctx, { stride: null, padding: 0 })), [ctx.inputs.in]),
  },
  Flatten: {
    emit: (ctx) =>
      moduleCall(ctx, ctor("Flatten", kwargs(ctx, { start_dim: 1, end_dim: -1 })), [ctx.inputs.in]),
  },
  Reshape: {
    emit: (ctx) => {
      const x = ctx.inputs.in;
      const dims = (ctx.params.shape as number[]).map(pyNum).join(", ");
      return { lines: [`${ctx.name} = ${x}.reshape(${x}.shape[0], ${dims})`], outputs: { out: ctx.name } };
    },
  },
  Dropout: {
    emit: (ctx) => ({
      ...moduleCall(ctx, `nn.Dropout(p=${pyNum(ctx.params.p as number)})`, [ctx.inputs.in]),
      noise: { fixed: "FixedDropout", source: DROPOUT_FIXED },
    }),
  },
  BatchNorm1d: batchNorm("BatchNorm1d"),
  BatchNorm2d: batchNorm("BatchNorm2d"),
  LayerNorm: {
    emit(ctx) {
      const shape = ctx.inShapes.in.slice(-(ctx.params.dims as number)).map((d) => String(d));
      const args = [`[${shape.join(", ")}]`, ...kwargs(ctx, { eps: 1e-5, elementwise_affine: true })];
      return moduleCall(ctx, ctor("LayerNorm", args), [ctx.inputs.in]);
    },
  },
  Embedding: {
    emit: (ctx) =>
      moduleCall(
        ctx,
        ctor("Embedding", [String(ctx.params.num_embeddings), String(ctx.params.embedding_dim)]),
        // Indices arrive as floats (as every wire in wiregrad); nn.Embedding wants integers.
        [`${ctx.inputs.in}.long()`],
      ),
  },
  RNN: recurrent("RNN", { nonlinearity: "tanh" }),
  LSTM: recurrent("LSTM"),
  GRU: recurrent("GRU"),
};
