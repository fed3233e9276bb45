// React Flow reports what the person did as typed change lists; this turns them into store
// edits. A drag arrives as many position changes with dragging: true and one with false at
// the end, which opens and closes one undo gesture.
import type { Connection, EdgeChange, NodeChange } from "@xyflow/react";
import { connect, moveNodes, wouldCycle, type XY } from "../state/docEdits";
import type { EditorStore } from "../state/editorStore";
import type { ViewStore } from "../state/viewStore";
import type { BlockFlowNode, ShapeFlowEdge } from "./flowModel";

export function applyNodeChanges(
  changes: NodeChange<BlockFlowNode>[],
  editor: EditorStore,
  view: ViewStore,
): void {
  const moves: Record<string, XY> = {};
  let moved = false;
  let dragging = false;
  let dragEnded = false;
  let selected: Set<string> | null = null;
  for (const c of changes) {
    if (c.type === "position") {
      if (c.position) {
        moves[c.id] = c.position;
        moved = true;
      }
      if (c.dragging) dragging = true;
      else dragEnded = true;
    } else if (c.type === "dimensions") {
      if (c.dimensions) view.getState().setMeasured(c.id, c.dimensions);
    } else if (c.type === "select") {
      selected ??= new Set(editor.getState().selection.nodes);
      if (c.selected) selected.add(c.id);
      else selected.delete(c.id);
    }
  }
  const s = editor.getState();
  if (moved) {
    if (dragging) s.beginGesture("move");
    // Moves outside a drag (arrow keys on a focused node) merge while they keep coming.
    s.edit((d) => moveNodes(d, moves), { label: "move", coalesce: dragging ? undefined : "keyboard-move" });
  }
  if (dragEnded) editor.getState().endGesture();
  if (selected) editor.getState().select({ nodes: [...selected] });
}

export function applyEdgeChanges(changes: EdgeChange<ShapeFlowEdge>[], editor: EditorStore): void {
  let selected: Set<string> | null = null;
  for (const c of changes) {
    if (c.type !== "select") continue;
    selected ??= new Set(editor.getState().selection.edges);
    if (c.selected) selected.add(c.id);
    else selected.delete(c.id);
  }
  if (selected) editor.getState().select({ edges: [...selected] });
}

/** Why a wire may not be drawn, or null when it may (an incompatible shape is drawn, in red). */
export function refusal(c: Connection | ShapeFlowEdge, editor: EditorStore): string | null {
  if (!c.sourceHandle || !c.targetHandle) return "connect a port to a port";
  if (c.source === c.target) return "a block cannot feed itself";
  if (wouldCycle(editor.getState().doc, c.source, c.target))
    return "that wire would close a loop; graphs here are acyclic";
  return null;
}

export function applyConnection(c: Connection, editor: EditorStore): void {
  if (refusal(c, editor)) return;
  editor
    .getState()
    .edit(
      (d) => connect(d, { node: c.source, port: c.sourceHandle! }, { node: c.target, port: c.targetHandle! }),
      {
        label: "connect",
      },
    );
}
