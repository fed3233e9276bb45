// Data and values: Input and Dataset become forward's arguments, Constant a buffer that is
// not saved (it is part of the code), Parameter an nn.Parameter attribute.
import type { EmitterTable } from "./emit";
import { pyValue } from "./py";

function shapeArgs(shape: number[]): string {
  return shape.length === 0 ? "()" : shape.join(", ");
}

export const dataEmitters: EmitterTable = {
  Input: {
    emit: (ctx) => ({ lines: [], outputs: { out: ctx.name }, args: [{ port: "out", name: ctx.name }] }),
  },
  Dataset: {
    emit(ctx) {
      const x = ctx.local("x");
      const y = ctx.local("y");
      // y holds class indices as floats, as in wiregrad; the losses that index take .long().
      return {
        lines: [],
        outputs: { x, y },
        args: [
          { port: "x", name: x },
          { port: "y", name: y },
        ],
      };
    },
  },
  Constant: {
    emit: (ctx) => ({
      // persistent=False: the value is part of the code, not of the state_dict.
      init: [
        `self.register_buffer(${JSON.stringify(ctx.name)}, torch.tensor(${pyValue(ctx.params.value)}, dtype=torch.float32), persistent=False)`,
      ],
      lines: [`${ctx.name} = self.${ctx.name}`],
      outputs: { out: ctx.name },
    }),
  },
  Parameter: {
    emit: (ctx) => ({
      // The initial value (zeros, normal, uniform or the given numbers) comes with the weights.
      init: [`self.${ctx.name} = nn.Parameter(torch.zeros(${shapeArgs(ctx.params.shape as number[])}))`],
      lines: [`${ctx.name} = self.${ctx.name}`],
      outputs: { out: ctx.name },
    }),
    // A bare nn.Parameter: its state_dict key is the attribute itself, not "<name>.value".
    stateKey: (name) => name,
  },
};
