// The trace of the graph being edited, recomputed when the graph or the focus changes. A graph
// that cannot be traced gives the reason instead, in words for the panel.
import { useMemo, useRef } from "react";
import { CompileError, formatProblem } from "../../compile/problems";
import { type Trace, traceGraph } from "../../compile/trace";
import type { GraphDoc } from "../../graph/doc";
import { traceEnvOf } from "./traceEnv";

export type TraceResult = { ok: true; trace: Trace; note?: string } | { ok: false; problems: string[] };

export function computeTrace(doc: GraphDoc, focus: string | null): TraceResult {
  try {
    const { env, note } = traceEnvOf(doc);
    return { ok: true, trace: traceGraph(doc, env, { focus: focus ?? undefined }), note };
  } catch (e) {
    if (e instanceof CompileError) return { ok: false, problems: e.problems.map(formatProblem) };
    return { ok: false, problems: [(e as Error).message] };
  }
}

/** Same computation, ignoring where blocks sit: immer keeps unchanged params by reference. */
export function sameMaths(a: GraphDoc, b: GraphDoc): boolean {
  if (a.edges !== b.edges || a.training !== b.training || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return (
      n.id === m.id &&
      n.type === m.type &&
      n.params === m.params &&
      n.weights === m.weights &&
      n.frozen === m.frozen
    );
  });
}

export function useTrace(doc: GraphDoc, focus: string | null, open: boolean): TraceResult | null {
  // Dragging a block changes the doc at every frame; the trace only when the maths changes.
  const stable = useRef(doc);
  if (!sameMaths(stable.current, doc)) stable.current = doc;
  const maths = stable.current;
  return useMemo(() => (open ? computeTrace(maths, focus) : null), [maths, focus, open]);
}
