// Output views of the whole model (decision boundary, fit curve, predictions grid, …).
// (Stub: owned by the output-views work.)
import type { LiveContext, OutputView, OutputViewKind } from "./types";

/** The views that fit this graph, best first (empty when none applies). */
export function viewsFor(_ctx: Pick<LiveContext, "doc">): OutputViewKind[] {
  return [];
}

export function computeOutputView(_ctx: LiveContext, _kind: OutputViewKind): OutputView | null {
  return null;
}
