// What the editor pins onto nodes and ports: analyze()'s problems, plus warnings for wirings
// that are legal but almost always a mistake, each with a one-click fix where one is known.
import type { Analysis } from "../../compile/analyze";
import { analyze, ancestors } from "../../compile/analyze";
import type { GraphProblem } from "../../compile/problems";
import type { GraphDoc, PortRef } from "../../graph/doc";
import { fmtSym, type SymShape } from "../../graph/symbolic";
import { insertOnWire } from "./docEdits";

export interface QuickFix {
  label: string;
  /** The wire into this port gets a block of `type` on it. */
  target: PortRef;
  type: string;
}

export interface Diagnostic extends GraphProblem {
  severity: "error" | "warning";
  fix?: QuickFix;
}

/** The shape arriving at a node's input port, when it is known. */
export function incomingShape(a: Analysis, node: string, port: string): SymShape | undefined {
  const e = a.nodes.get(node)?.incoming[port];
  return e ? a.nodes.get(e.source.node)?.shapes?.[e.source.port] : undefined;
}

/**
 * Would putting a Flatten on this wire make the problem go away? Trying it is more honest
 * than guessing from the message, and one analyze() of a graph costs about a millisecond.
 */
function flattenFixes(doc: GraphDoc, p: GraphProblem, a: Analysis): QuickFix | undefined {
  if (!p.node || !p.port) return undefined;
  const shape = incomingShape(a, p.node, p.port);
  if (!shape || shape.length < 3) return undefined;
  const target = { node: p.node, port: p.port };
  const trial = structuredClone(doc);
  if (!insertOnWire(trial, target, "Flatten")) return undefined;
  const still = analyze(trial).problems.some((q) => q.node === p.node && q.port === p.port);
  return still ? undefined : { label: "Insert Flatten", target, type: "Flatten" };
}

/**
 * A Linear acts on the last dim only, so an image [B, C, H, W] into it is legal but rarely
 * meant. Only the first such Linear on a path is flagged: the ones after it inherit the
 * mistake, and one Flatten before the first cures them all.
 */
function imageIntoLinear(a: Analysis): Diagnostic[] {
  const takesImage = (id: string) =>
    a.nodes.get(id)?.def.type === "Linear" && incomingShape(a, id, "in")?.length === 4;
  const out: Diagnostic[] = [];
  for (const info of a.nodes.values()) {
    if (!takesImage(info.id)) continue;
    const upstream = [...ancestors(a, info.id)].filter((id) => id !== info.id);
    if (upstream.some(takesImage)) continue;
    const s = incomingShape(a, info.id, "in")!;
    out.push({
      severity: "warning",
      node: info.id,
      port: "in",
      message: `an image ${fmtSym(s)} into Linear, which acts on its last dim only`,
      expected: "[B, features]",
      actual: fmtSym(s),
      fix: { label: "Insert Flatten", target: { node: info.id, port: "in" }, type: "Flatten" },
    });
  }
  return out;
}

export function diagnose(doc: GraphDoc, a: Analysis): Diagnostic[] {
  const errors: Diagnostic[] = a.problems.map((p) => {
    const fix = flattenFixes(doc, p, a);
    return fix ? { ...p, severity: "error", fix } : { ...p, severity: "error" };
  });
  return [...errors, ...imageIntoLinear(a)];
}
