// Renaming a block: ids name it in messages, exported code and ONNX, so they stay
// identifier-like and unique; wires and optimiser lists follow the rename.
import { useEffect, useState } from "react";
import { type GraphNode, NODE_ID_PATTERN } from "../../graph/doc";
import { editor } from "../app/session";
import { renameNode } from "../state/docEdits";

function problemWith(id: string, current: string): string | null {
  if (id === current) return null;
  if (!NODE_ID_PATTERN.test(id)) return "letters, digits, _ and -, starting with a letter or _";
  if (editor.getState().doc.nodes.some((n) => n.id === id)) return `“${id}” is taken`;
  return null;
}

export function NodeIdField({ node }: { node: GraphNode }) {
  const [text, setText] = useState(node.id);
  useEffect(() => setText(node.id), [node.id]);
  const error = problemWith(text, node.id);
  const apply = () => {
    if (error || text === node.id) return setText(node.id);
    editor.getState().edit((d) => renameNode(d, node.id, text), { label: "rename" });
    editor.getState().select({ nodes: [text], edges: [] });
  };
  return (
    <div className="param-field">
      <label className="param-label" htmlFor="node-id-field">
        <span className="param-label-name">id</span>
        <span className="param-label-doc">names it in errors and exported code</span>
      </label>
      <div className="param-control">
        <input
          id="node-id-field"
          className={`param-input${error ? " is-invalid" : ""}`}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => e.key === "Enter" && apply()}
          data-testid="node-id"
        />
        {error && <div className="field-error">{error}</div>}
      </div>
    </div>
  );
}
