// The two graphs the panel draws, from a trace: the forward primitives, and the backward ops
// the compiler appended for them (with the forward values they read drawn faint).
import type { Trace, TraceValue } from "../../compile/trace";
import type { GraphNodeSpec } from "./PrimGraph";

/** A value in a few characters: the number, a short vector, or just its shape. */
export function shortValue(v: TraceValue): string {
  if (v.size <= 3) return v.text;
  return `[${v.shape.join("×")}]`;
}

export function forwardGraph(t: Trace): GraphNodeSpec[] {
  const shown = new Set(t.forward.map((s) => s.id));
  return t.forward.map((s) => ({
    id: s.id,
    inputs: s.inputs.map((i) => i.id).filter((i) => shown.has(i)),
    label: s.label,
    detail: s.leaf ? `${shortValue(s.value)} · leaf` : shortValue(s.value),
  }));
}

export function backwardGraph(t: Trace, valueText: (id: number) => string): GraphNodeSpec[] {
  const ids = new Set<number>();
  for (const s of t.backward) {
    for (let id = s.emitted[0]; id < s.emitted[1]; id++) if (t.program[id].prim !== "const") ids.add(id);
    if (s.adjoint.id >= t.backwardStart) ids.add(s.adjoint.id);
  }
  const ghosts = new Set<number>();
  for (const id of ids) {
    for (const i of t.program[id].inputs) {
      if (i < t.backwardStart && t.program[i].prim !== "const") ghosts.add(i);
    }
  }
  const specs: GraphNodeSpec[] = [];
  for (const id of [...ghosts].sort((a, b) => a - b)) {
    specs.push({ id, inputs: [], label: t.labels.get(id) ?? `%${id}`, detail: "forward", ghost: true });
  }
  for (const id of [...ids].sort((a, b) => a - b)) {
    const n = t.program[id];
    specs.push({
      id,
      inputs: n.inputs.filter((i) => ids.has(i) || ghosts.has(i)),
      label: t.labels.get(id) ?? `%${id}`,
      detail: `${n.prim} → ${valueText(id)}`,
    });
  }
  return specs;
}
