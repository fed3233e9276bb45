// The canvas: React Flow drawing the store's GraphDoc. Every change React Flow reports goes
// back through the store (flowChanges.ts); nothing here keeps its own copy of the graph.
import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type EdgeChange,
  type FinalConnectionState,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
} from "@xyflow/react";
import { type DragEvent, type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Category } from "../../../nodes/types";
import { addBlock, fitView, openFile } from "../app/commands";
import { editor, useEditor, useView, view } from "../app/session";
import { useAnalysis } from "../app/useAnalysis";
import { OverlayToggle } from "../live/OverlayToggle";
import { BLOCK_MIME } from "../palette/blockCatalog";
import { BlockNode } from "./BlockNode";
import { type CanvasInstance, canvasApi } from "./canvasApi";
import { applyConnection, applyEdgeChanges, applyNodeChanges, refusal } from "./flowChanges";
import { type BlockFlowNode, createFlowModel, type ShapeFlowEdge } from "./flowModel";
import { QuickAdd } from "./QuickAdd";
import { ShapeEdge } from "./ShapeEdge";

// Defined once at module level: a new object per render would remount every node.
const nodeTypes = { block: BlockNode };
const edgeTypes = { shape: ShapeEdge };

const CATEGORY_COLOR_VAR: Record<Category | "unknown", string> = {
  data: "var(--cat-data)",
  layers: "var(--cat-layers)",
  activations: "var(--cat-activations)",
  math: "var(--cat-math)",
  losses: "var(--cat-losses)",
  probabilistic: "var(--cat-probabilistic)",
  optimizers: "var(--cat-optimizers)",
  unknown: "var(--muted)",
};
const minimapColor = (n: BlockFlowNode) => CATEGORY_COLOR_VAR[n.data.category];

const onNodesChange = (changes: NodeChange<BlockFlowNode>[]) => applyNodeChanges(changes, editor, view);
const onEdgesChange = (changes: EdgeChange<ShapeFlowEdge>[]) => applyEdgeChanges(changes, editor);
const onConnect = (c: Connection) => applyConnection(c, editor);
const isValidConnection = (c: Connection | ShapeFlowEdge) => refusal(c, editor) === null;

/**
 * Hands the instance to canvasApi as soon as the canvas mounts. onInit comes later (once the
 * viewport is ready), and a key pressed in between would place blocks in screen coordinates.
 */
function CanvasApiBridge({ fitOnMount }: { fitOnMount: boolean }) {
  const instance = useReactFlow<BlockFlowNode, ShapeFlowEdge>();
  const measured = useNodesInitialized();
  const fitted = useRef(!fitOnMount);
  useEffect(() => {
    canvasApi.attach(instance as CanvasInstance);
    return () => canvasApi.attach(null);
  }, [instance]);
  // The first fit waits for the blocks' sizes; presentation mode's fit needs them.
  useEffect(() => {
    if (!measured || fitted.current) return;
    fitted.current = true;
    fitView();
  }, [measured]);
  return null;
}

function onConnectEnd(_: unknown, state: FinalConnectionState) {
  // Only a drop on a handle that was refused deserves a word; a drop on empty canvas is a cancel.
  if (state.isValid === true || !state.toHandle || !state.fromHandle) return;
  const from = state.fromHandle.type === "source" ? state.fromHandle : state.toHandle;
  const to = from === state.fromHandle ? state.toHandle : state.fromHandle;
  const why = refusal(
    { source: from.nodeId, sourceHandle: from.id ?? null, target: to.nodeId, targetHandle: to.id ?? null },
    editor,
  );
  if (why) view.getState().notify(`Not connected: ${why}`, "error");
}

function onDragOver(e: DragEvent) {
  e.preventDefault();
  e.dataTransfer.dropEffect = e.dataTransfer.types.includes(BLOCK_MIME) ? "copy" : "copy";
}

function onDrop(e: DragEvent) {
  e.preventDefault();
  const type = e.dataTransfer.getData(BLOCK_MIME);
  const rf = canvasApi.get();
  if (type && rf) {
    // The cursor sits on the block's title, not its corner.
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addBlock(type, { x: p.x - 40, y: p.y - 18 });
    return;
  }
  const file = e.dataTransfer.files[0];
  if (file && /\.(csv|tsv|txt)$/i.test(file.name)) void openCsv(file);
  else if (file) void openFile(file);
}

/** A dropped table opens the CSV dialog with it, to choose the target before it enters the graph. */
async function openCsv(file: File) {
  view.getState().open({ kind: "csv", text: await file.text(), fileName: file.name });
}

function onDoubleClick(e: MouseEvent) {
  // Only on empty canvas: a double-click on a node is the node's.
  if (!(e.target as Element).classList.contains("react-flow__pane")) return;
  const screen = { x: e.clientX, y: e.clientY };
  view.getState().openQuickAdd({ screen, flow: canvasApi.get()?.screenToFlowPosition(screen) ?? screen });
}

const onPointerMove = (e: MouseEvent) => canvasApi.setPointer({ x: e.clientX, y: e.clientY });
const onPointerLeave = () => canvasApi.setPointer(null);

export function Canvas() {
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection);
  const measured = useView((s) => s.measured);
  const theme = useView((s) => s.theme);
  const present = useView((s) => s.present);
  const embed = useView((s) => s.embed);
  const { analysis, diagnostics } = useAnalysis(doc);
  const model = useMemo(createFlowModel, []);
  const { nodes, edges } = useMemo(
    () => model({ doc, analysis, diagnostics, selection, measured }),
    [model, doc, analysis, diagnostics, selection, measured],
  );
  const onPaneClick = useCallback(() => view.getState().openQuickAdd(null), []);
  // Fit on mount only when there is something to fit: otherwise the first block someone
  // drops would be zoomed onto, shifting the canvas under their hand.
  const [fitOnMount] = useState(() => editor.getState().doc.nodes.length > 0);

  return (
    <div className="canvas" data-testid="canvas">
      <ReactFlow<BlockFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDrop={onDrop}
        onDragOver={onDragOver}
        onPaneClick={onPaneClick}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onDoubleClick={onDoubleClick}
        colorMode={theme}
        // Deletion goes through our own key handler so it is one undo step with its wires.
        deleteKeyCode={null}
        zoomOnDoubleClick={false}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={["Shift", "Meta", "Control"]}
        minZoom={0.1}
        maxZoom={3}
        connectionRadius={28}
      >
        <Background variant={BackgroundVariant.Dots} gap={24} size={1.4} />
        {!present && !embed && doc.nodes.length > 0 && (
          <MiniMap
            pannable
            zoomable
            nodeColor={minimapColor}
            nodeStrokeWidth={3}
            style={{ width: 144, height: 96 }}
          />
        )}
        <Controls showInteractive={false} />
        <CanvasApiBridge fitOnMount={fitOnMount} />
      </ReactFlow>
      {doc.nodes.length === 0 && <EmptyHint />}
      <QuickAdd />
      <WireTip />
      <OverlayToggle />
    </div>
  );
}

function WireTip() {
  const tip = useView((s) => s.wireTip);
  if (!tip) return null;
  return (
    <div
      className="wire-reason"
      role="tooltip"
      style={{ left: tip.x, top: tip.y + 18 }}
      data-testid="wire-reason"
    >
      {tip.text}
    </div>
  );
}

function EmptyHint() {
  return (
    <div className="empty-hint" data-testid="empty-hint">
      <p className="empty-title">An empty canvas</p>
      <p>
        Drag blocks from the palette, press <kbd>/</kbd> (or double-click) to quick-add, or{" "}
        <button
          type="button"
          className="link-button"
          onClick={() => view.getState().open({ kind: "library" })}
        >
          open an example
        </button>
        .
      </p>
    </div>
  );
}
