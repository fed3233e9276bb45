// The walk through a trace as one list of positions: every forward step, every backward
// step, then the gradients of the leaves.
import type { BackwardStep, ForwardStep, Trace } from "../../compile/trace";

export type WalkItem =
  | { phase: "forward"; step: ForwardStep; n: number; of: number }
  | { phase: "backward"; step: BackwardStep; n: number; of: number }
  | { phase: "leaves" };

export function walkLength(t: Trace): number {
  return t.forward.length + t.backward.length + 1;
}

export function walkItem(t: Trace, position: number): WalkItem {
  const f = t.forward.length;
  const b = t.backward.length;
  if (position < f) return { phase: "forward", step: t.forward[position], n: position + 1, of: f };
  if (position < f + b)
    return { phase: "backward", step: t.backward[position - f], n: position - f + 1, of: b };
  return { phase: "leaves" };
}

/** "forward 3/7", "backward 2/7", "gradients". */
export function counterText(item: WalkItem): string {
  return item.phase === "leaves" ? "gradients" : `${item.phase} ${item.n}/${item.of}`;
}
