// One block on the canvas: title, key params, typed ports (inputs left, outputs right) with
// the shape under each output, badges, and while a run is watched its live view and warnings.
// It only renders; edits go through commands.
import { Handle, type NodeProps, Position } from "@xyflow/react";
import { memo } from "react";
import { applyFix } from "../app/commands";
import { editor } from "../app/session";
import { analysisOf } from "../app/useAnalysis";
import { LiveWarningBadge } from "../live/LiveWarningBadge";
import { NodeLiveView } from "../live/NodeLiveView";
import { NodeViewToggle } from "../live/NodeViewToggle";
import type { BlockFlowNode, PortIssue, PortView } from "./flowModel";

function issueTitle(i: PortIssue): string {
  const lines = [i.message];
  if (i.expected) lines.push(`expected: ${i.expected}`);
  if (i.actual) lines.push(`actual: ${i.actual}`);
  return lines.join("\n");
}

function InputPort({ nodeId, port }: { nodeId: string; port: PortView }) {
  const sev = port.issue?.severity;
  return (
    <div
      className={`port port-in${sev ? ` port-${sev}` : ""}`}
      data-testid={`port-${nodeId}-${port.name}`}
      data-issue={sev}
      title={port.issue ? issueTitle(port.issue) : (port.doc ?? port.name)}
    >
      <Handle type="target" position={Position.Left} id={port.name} className="handle handle-in" />
      <span className="port-name">{port.name}</span>
    </div>
  );
}

function OutputPort({ nodeId, port }: { nodeId: string; port: PortView }) {
  return (
    <div className="port port-out" data-testid={`port-${nodeId}-${port.name}`} title={port.doc ?? port.name}>
      <span className="port-name">{port.name}</span>
      <span className="port-shape" data-testid={`shape-${nodeId}-${port.name}`}>
        {port.shape ?? "—"}
      </span>
      <Handle type="source" position={Position.Right} id={port.name} className="handle handle-out" />
    </div>
  );
}

/** The first issue on the node, spelled out: where, expected vs actual, and a fix when there is one. */
function IssueLine({ nodeId, issue, port }: { nodeId: string; issue: PortIssue; port?: string }) {
  const fix = () => {
    const { doc } = editor.getState();
    const d = analysisOf(doc).diagnostics.find((x) => x.node === nodeId && x.port === port && x.fix);
    if (d?.fix) applyFix(d.fix);
  };
  return (
    <div
      className={`block-issue issue-${issue.severity}`}
      data-testid={`issue-${nodeId}`}
      data-port={port}
      title={issueTitle(issue)}
    >
      <div className="issue-msg">
        {port && <b>{port}: </b>}
        {issue.message}
      </div>
      {(issue.expected || issue.actual) && !issue.message.includes(issue.actual ?? "\u0000") && (
        <div className="issue-shapes">
          {issue.expected && <span>expected {issue.expected}</span>}
          {issue.actual && <span>got {issue.actual}</span>}
        </div>
      )}
      {issue.fixLabel && (
        <button type="button" className="fix-button nodrag" onClick={fix} data-testid={`fix-${nodeId}`}>
          {issue.fixLabel}
        </button>
      )}
    </div>
  );
}

function BlockNodeView({ id, data, selected }: NodeProps<BlockFlowNode>) {
  const portIssue =
    [...data.inputs, ...data.outputs].find((p) => p.issue?.severity === "error") ??
    [...data.inputs, ...data.outputs].find((p) => p.issue);
  const nodeIssue = data.nodeIssues[0];
  const rows = Math.max(data.inputs.length, data.outputs.length);
  return (
    <div
      className={`block cat-${data.category}${selected ? " is-selected" : ""}${data.errors ? " has-error" : ""}${data.frozen ? " is-frozen" : ""}`}
      data-testid={`node-${id}`}
      data-errors={data.errors}
    >
      <header className="block-head">
        <span className="block-title">{data.type}</span>
        <span className="block-id">{id}</span>
        <span className="block-badges">
          {data.frozen && (
            <span className="badge badge-frozen" title="Frozen: the optimiser leaves its weights as they are">
              frozen
            </span>
          )}
          {data.errors > 0 && (
            <span
              className="badge badge-error"
              data-testid={`error-badge-${id}`}
              title={`${data.errors} problem(s)`}
            >
              ! {data.errors}
            </span>
          )}
          {data.errors === 0 && data.warnings > 0 && (
            <span className="badge badge-warning" title={`${data.warnings} warning(s)`}>
              !
            </span>
          )}
          {data.outputs.length > 0 && <NodeViewToggle id={id} />}
        </span>
      </header>
      <LiveWarningBadge id={id} />
      {data.inline.length > 0 && (
        <div className="block-params">
          {data.inline.map((p) => (
            <span key={p.name} className="param-chip">
              <span className="param-name">{p.name}</span> {p.value}
            </span>
          ))}
        </div>
      )}
      {rows > 0 && (
        <div className="block-ports">
          <div className="ports-col">
            {data.inputs.map((p) => (
              <InputPort key={p.name} nodeId={id} port={p} />
            ))}
          </div>
          <div className="ports-col ports-col-out">
            {data.outputs.map((p) => (
              <OutputPort key={p.name} nodeId={id} port={p} />
            ))}
          </div>
        </div>
      )}
      <NodeLiveView id={id} />
      {nodeIssue && <IssueLine nodeId={id} issue={nodeIssue} />}
      {!nodeIssue && portIssue?.issue && (
        <IssueLine nodeId={id} issue={portIssue.issue} port={portIssue.name} />
      )}
    </div>
  );
}

export const BlockNode = memo(BlockNodeView);
