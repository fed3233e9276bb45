// The selected block: what it computes, its params, its weights and their count, the freeze
// toggle, its ports' shapes and its problems.

import { getBlock } from "../../../nodes";
import { shownParams } from "../../../nodes/types";
import type { Analysis } from "../../compile/analyze";
import type { GraphDoc, GraphNode } from "../../graph/doc";
import { fmtSym } from "../../graph/symbolic";
import { deleteSelection, duplicateSelection } from "../app/commands";
import { editor } from "../app/session";
import { CATEGORY_LABEL } from "../palette/blockCatalog";
import type { Diagnostic } from "../state/diagnostics";
import { setFrozen } from "../state/docEdits";
import { InputSource } from "./InputSource";
import { LiveHistory } from "./LiveHistory";
import { NodeIdField } from "./NodeIdField";
import { ParamField } from "./ParamField";
import { ProblemList } from "./ProblemList";
import { formatCount, nodeParamCount } from "./paramCount";

interface Props {
  doc: GraphDoc;
  node: GraphNode;
  analysis: Analysis;
  diagnostics: Diagnostic[];
}

export function NodeInspector({ doc, node, analysis, diagnostics }: Props) {
  const def = getBlock(node.type);
  const info = analysis.nodes.get(node.id);
  const mine = diagnostics.filter((d) => d.node === node.id);
  const count = nodeParamCount(info);
  const candidates = [...analysis.nodes.values()]
    .filter((n) => Object.keys(n.weights).length > 0)
    .map((n) => n.id);
  const toggleFrozen = () =>
    editor
      .getState()
      .edit((d) => setFrozen(d, [node.id], !node.frozen), { label: node.frozen ? "unfreeze" : "freeze" });

  if (!def) {
    return (
      <div className="inspector-section">
        <h2>{node.type}</h2>
        <p className="muted">This block type is not known to this version of wiregrad.</p>
        <ProblemList items={mine} showNode={false} />
      </div>
    );
  }
  return (
    <div className={`node-inspector cat-${def.category}`} data-testid="node-inspector">
      <header className="inspector-head">
        <span className="cat-dot" aria-hidden="true" />
        <h2>{def.type}</h2>
        <span className="muted">{CATEGORY_LABEL[def.category]}</span>
      </header>
      <p className="block-doc" data-testid="block-doc">
        {def.doc === "TODO" ? "This block is being written." : def.doc}
      </p>
      <NodeIdField node={node} />
      {mine.length > 0 && (
        <section className="inspector-section">
          <h3>Problems</h3>
          <ProblemList items={mine} showNode={false} />
        </section>
      )}
      <LiveHistory nodeId={node.id} />
      {def.params.length > 0 && (
        <section className="inspector-section">
          <h3>Parameters</h3>
          {shownParams(def, node.params).map((spec) => (
            <ParamField
              key={`${node.id}.${spec.name}`}
              nodeId={node.id}
              spec={spec}
              value={node.params[spec.name] ?? (spec.default as GraphNode["params"][string])}
              candidates={candidates.filter((c) => c !== node.id)}
            />
          ))}
        </section>
      )}
      <section className="inspector-section">
        <h3>Weights</h3>
        <p className="param-count" data-testid="param-count">
          <strong>{formatCount(count)}</strong> trainable parameter{count === 1 ? "" : "s"}
        </p>
        {Object.entries(info?.weights ?? {}).map(([name, w]) => (
          <div key={name} className="kv">
            <code>{name}</code>
            <span>
              {fmtSym(w.shape)}
              {w.trainable === false ? " (buffer)" : ""}
            </span>
          </div>
        ))}
        <label className="check freeze-toggle">
          <input
            type="checkbox"
            className="switch"
            checked={node.frozen === true}
            onChange={toggleFrozen}
            data-testid="freeze-toggle"
          />
          Frozen: the optimiser leaves these weights alone
        </label>
      </section>
      <section className="inspector-section">
        <h3>Ports</h3>
        {def.inputs.map((p) => {
          const e = info?.incoming[p.name];
          const s = e && analysis.nodes.get(e.source.node)?.shapes?.[e.source.port];
          return (
            <InputSource
              key={`in-${p.name}`}
              doc={doc}
              nodeId={node.id}
              port={p.name}
              shape={s ? fmtSym(s) : ""}
            />
          );
        })}
        {def.outputs.map((p) => (
          <div key={`out-${p.name}`} className="kv" title={p.doc}>
            <span>
              → <code>{p.name}</code>
            </span>
            <span>{info?.shapes?.[p.name] ? fmtSym(info.shapes[p.name]) : "?"}</span>
          </div>
        ))}
      </section>
      <div className="inspector-actions">
        <button type="button" onClick={duplicateSelection}>
          Duplicate
        </button>
        <button type="button" className="danger" onClick={deleteSelection}>
          Delete
        </button>
      </div>
    </div>
  );
}
