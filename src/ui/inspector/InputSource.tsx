// Which output feeds an input port, as a select: wiring without a mouse, and a plain answer
// to "where does this come from". Outputs that would close a loop are not offered.
import { getBlock } from "../../../nodes";
import type { GraphDoc } from "../../graph/doc";
import { editor } from "../app/session";
import { connect, wouldCycle } from "../state/docEdits";

interface Props {
  doc: GraphDoc;
  nodeId: string;
  port: string;
  shape: string;
}

function setSource(nodeId: string, port: string, value: string) {
  editor.getState().edit(
    (d) => {
      if (!value) {
        d.edges = d.edges.filter((e) => !(e.target.node === nodeId && e.target.port === port));
        return;
      }
      const [node, out] = JSON.parse(value) as [string, string];
      connect(d, { node, port: out }, { node: nodeId, port });
    },
    { label: value ? "connect" : "disconnect" },
  );
}

export function InputSource({ doc, nodeId, port, shape }: Props) {
  const current = doc.edges.find((e) => e.target.node === nodeId && e.target.port === port);
  const options = doc.nodes
    .filter((n) => n.id !== nodeId && !wouldCycle(doc, n.id, nodeId))
    .flatMap((n) => (getBlock(n.type)?.outputs ?? []).map((o) => ({ node: n.id, port: o.name })));
  const value = current ? JSON.stringify([current.source.node, current.source.port]) : "";
  const id = `source-${nodeId}-${port}`;
  return (
    <div className="port-source">
      <label htmlFor={id}>
        ← <code>{port}</code> <span className="muted">{shape}</span>
      </label>
      <select
        id={id}
        className="param-input"
        value={value}
        onChange={(e) => setSource(nodeId, port, e.target.value)}
        data-testid={`source-${port}`}
      >
        <option value="">not connected</option>
        {options.map((o) => (
          <option key={`${o.node}.${o.port}`} value={JSON.stringify([o.node, o.port])}>
            {o.node}.{o.port}
          </option>
        ))}
      </select>
    </div>
  );
}
