// One param with the control its kind calls for. Text is checked as you type; only a valid
// value reaches the document, and typing into one field is one undo step.
import { type ReactNode, useEffect, useId, useState } from "react";
import type { ParamSpec } from "../../../nodes/types";
import type { ParamValue } from "../../graph/doc";
import { editor } from "../app/session";
import { setParam } from "../state/docEdits";
import { readParam, showParam } from "./paramText";

interface Props {
  nodeId: string;
  spec: ParamSpec;
  value: ParamValue | undefined;
  /** Node ids a "nodes" param may list (blocks with weights). */
  candidates: string[];
}

function commit(nodeId: string, name: string, value: ParamValue) {
  editor
    .getState()
    .edit((d) => setParam(d, nodeId, name, value), { label: `set ${name}`, coalesce: `${nodeId}.${name}` });
}

/** A slider scale where one makes sense: a small int range, a bounded float, or a log-scaled rate. */
function sliderScale(spec: ParamSpec): { min: number; max: number; step: number; log: boolean } | null {
  if (spec.kind !== "int" && spec.kind !== "float") return null;
  const { min, max } = spec;
  if (min === undefined || max === undefined) return null;
  if (spec.kind === "int") return max - min <= 1024 ? { min, max, step: 1, log: false } : null;
  if (spec.log)
    return {
      min: Math.log10(Math.max(min, 1e-5)),
      max: Math.log10(Math.min(max, 10)),
      step: 0.01,
      log: true,
    };
  return max - min <= 100 ? { min, max, step: (max - min) / 200, log: false } : null;
}

function Slider({ nodeId, spec, value }: { nodeId: string; spec: ParamSpec; value: number }) {
  const scale = sliderScale(spec);
  if (!scale) return null;
  const pos = scale.log ? Math.log10(Math.max(value, 1e-5)) : value;
  const toValue = (p: number) => {
    if (scale.log) return Number((10 ** p).toPrecision(2));
    return spec.kind === "int" ? Math.round(p) : Number(p.toPrecision(3));
  };
  // A scrub is one gesture: every value it passes through is one undo step together.
  const begin = () => editor.getState().beginGesture(`scrub ${spec.name}`);
  const end = () => editor.getState().endGesture();
  return (
    <input
      type="range"
      className="param-slider"
      min={scale.min}
      max={scale.max}
      step={scale.step}
      value={Math.min(Math.max(pos, scale.min), scale.max)}
      onPointerDown={begin}
      onPointerUp={end}
      onBlur={end}
      onChange={(e) => commit(nodeId, spec.name, toValue(Number(e.target.value)))}
      aria-label={`${spec.name} slider`}
      data-testid={`slider-${spec.name}`}
    />
  );
}

function TextParam({ nodeId, spec, value, id }: Omit<Props, "candidates"> & { id: string }) {
  const shown = showParam(spec, value);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  const [focused, setFocused] = useState(false);
  // Undo, redo and the slider change the value from outside; follow them unless typing.
  useEffect(() => {
    if (focused) return;
    setText(shown);
    setError(null);
  }, [shown, focused]);
  const onChange = (t: string) => {
    setText(t);
    const r = readParam(spec, t);
    setError(r.ok ? null : r.error);
    if (r.ok) commit(nodeId, spec.name, r.value);
  };
  const common = {
    id,
    className: `param-input${error ? " is-invalid" : ""}`,
    value: text,
    spellCheck: false,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-err` : undefined,
    onFocus: () => setFocused(true),
    onBlur: () => setFocused(false),
    "data-testid": `param-${spec.name}`,
  };
  return (
    <>
      {spec.kind === "text" && spec.multiline ? (
        // A table (a Dataset's CSV): a few lines tall, in a fixed-width font so columns align.
        <textarea {...common} rows={6} wrap="off" onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          inputMode={spec.kind === "int" || spec.kind === "float" ? "decimal" : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error && (
        <div id={`${id}-err`} className="field-error" role="alert" data-testid={`param-error-${spec.name}`}>
          {error}
        </div>
      )}
      {typeof value === "number" && <Slider nodeId={nodeId} spec={spec} value={value} />}
    </>
  );
}

function NodesParam({ nodeId, spec, value, candidates }: Props) {
  const chosen = new Set(Array.isArray(value) ? (value as string[]) : []);
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    commit(
      nodeId,
      spec.name,
      candidates.filter((c) => next.has(c)),
    );
  };
  if (candidates.length === 0) return <p className="muted small">No block with weights yet.</p>;
  return (
    <div className="nodes-param">
      {candidates.map((c) => (
        <label key={c} className="check">
          <input type="checkbox" checked={chosen.has(c)} onChange={() => toggle(c)} /> {c}
        </label>
      ))}
      {chosen.size === 0 && <p className="muted small">None ticked: every block upstream of the loss.</p>}
    </div>
  );
}

export function ParamField(props: Props) {
  const { nodeId, spec, value } = props;
  const id = useId();
  let control: ReactNode;
  if (spec.kind === "bool") {
    control = (
      <input
        id={id}
        type="checkbox"
        className="switch"
        checked={value === true}
        onChange={(e) => commit(nodeId, spec.name, e.target.checked)}
        data-testid={`param-${spec.name}`}
      />
    );
  } else if (spec.kind === "enum") {
    control = (
      <select
        id={id}
        className="param-input"
        value={String(value)}
        onChange={(e) => commit(nodeId, spec.name, e.target.value)}
        data-testid={`param-${spec.name}`}
      >
        {spec.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === "nodes") {
    control = <NodesParam {...props} />;
  } else {
    control = <TextParam nodeId={nodeId} spec={spec} value={value} id={id} />;
  }
  return (
    <div className={`param-field param-${spec.kind}`}>
      <label className="param-label" htmlFor={id}>
        <span className="param-label-name">{spec.name}</span>
        <span className="param-label-doc">{spec.doc}</span>
      </label>
      <div className="param-control">{control}</div>
    </div>
  );
}
