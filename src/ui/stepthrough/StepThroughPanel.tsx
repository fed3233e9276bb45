// Step-through autodiff: the forward pass one primitive at a time, then the backward pass one
// VJP rule at a time, with the forward graph and the backward graph the compiler generated
// side by side. It opens over the lower part of the editor so the canvas stays in view, with
// the current block outlined there.
import { useMemo } from "react";
import "../styles/stepthrough.css";
import { useEditor } from "../app/session";
import { backwardGraph, forwardGraph, shortValue } from "./graphSpecs";
import { PrimGraph } from "./PrimGraph";
import { StepCard } from "./StepCard";
import { closeStepThrough, goToStep, moveStep, openStepThrough, useStep } from "./stepStore";
import { useStepKeys } from "./useStepKeys";
import { useTrace } from "./useTrace";
import { counterText, type WalkItem, walkItem, walkLength } from "./walk";

const none = new Set<number>();

function highlights(item: WalkItem, leafIds: number[], leafGrads: number[]) {
  if (item.phase === "forward") {
    return {
      fwd: new Set([item.step.id]),
      fwdRel: new Set(item.step.inputs.map((i) => i.id)),
      bwd: none,
      bwdRel: none,
    };
  }
  if (item.phase === "backward") {
    const s = item.step;
    const bwd = new Set<number>();
    for (let id = s.emitted[0]; id < s.emitted[1]; id++) bwd.add(id);
    for (const c of s.contributions) bwd.add(c.total.id);
    return {
      fwd: new Set([s.forwardId]),
      fwdRel: new Set(s.contributions.map((c) => c.input.id)),
      bwd,
      bwdRel: new Set([s.adjoint.id]),
    };
  }
  return { fwd: new Set(leafIds), fwdRel: none, bwd: new Set(leafGrads), bwdRel: none };
}

export function StepThroughPanel() {
  const open = useStep((s) => s.open);
  const focus = useStep((s) => s.focus);
  const position = useStep((s) => s.position);
  const doc = useEditor((s) => s.doc);
  const selected = useEditor((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : null));
  const result = useTrace(doc, focus, open);
  const trace = result?.ok ? result.trace : null;
  const last = trace ? walkLength(trace) - 1 : 0;
  useStepKeys(open, last);
  const fwdNodes = useMemo(() => (trace ? forwardGraph(trace) : []), [trace]);
  const bwdNodes = useMemo(
    () => (trace ? backwardGraph(trace, (id) => shortValue(trace.values.get(id)!)) : []),
    [trace],
  );
  if (!open || !result) return null;

  const at = Math.min(position, last);
  const item = trace ? walkItem(trace, at) : null;
  const hl =
    trace && item
      ? highlights(
          item,
          trace.leaves.map((l) => l.forwardId),
          trace.leaves.map((l) => l.grad.id),
        )
      : null;
  const block =
    item?.phase === "forward"
      ? item.step.block?.node
      : item?.phase === "backward"
        ? item.step.block?.node
        : undefined;
  const phase = item?.phase ?? "error";

  return (
    <section
      className="stepthrough"
      aria-label="Step-through autodiff"
      data-testid="stepthrough"
      data-phase={phase}
    >
      {block && (
        // Outline the current block on the canvas without touching the canvas's components.
        <style>{`.react-flow__node[data-id="${CSS.escape(block)}"] { outline: 4px solid var(--st-hot); outline-offset: 4px; border-radius: 12px; }`}</style>
      )}
      <header className="st-head">
        <h2>
          Step through{focus ? ` block ${focus}` : ""}
          {item && (
            <span className="st-counter" data-testid="step-counter">
              {counterText(item)}
            </span>
          )}
        </h2>
        <div className="st-actions">
          <button
            type="button"
            onClick={() => moveStep(-1, last)}
            disabled={!trace || at === 0}
            data-testid="step-prev"
            title="Previous step (← or P)"
          >
            ← Back
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => moveStep(1, last)}
            disabled={!trace || at === last}
            data-testid="step-next"
            title="Next step (→ or N)"
          >
            Next →
          </button>
          {trace && (
            <button
              type="button"
              onClick={() => goToStep(trace.forward.length)}
              data-testid="step-to-backward"
              title="Jump to the backward pass"
            >
              To backward
            </button>
          )}
          {focus ? (
            <button type="button" onClick={() => openStepThrough(null)} data-testid="step-whole-graph">
              Whole graph
            </button>
          ) : (
            <button
              type="button"
              onClick={() => selected && openStepThrough(selected)}
              disabled={!selected}
              data-testid="step-expand"
              title="Select one block on the canvas, then show its primitives alone"
            >
              {selected ? `Expand ${selected} into primitives` : "Expand a block into primitives"}
            </button>
          )}
          <button
            type="button"
            onClick={closeStepThrough}
            data-testid="step-close"
            title="Close (Esc)"
            aria-label="Close step-through"
          >
            ×
          </button>
        </div>
      </header>
      {!result.ok ? (
        <div className="st-problems" data-testid="step-problems">
          <p>This graph cannot be stepped through:</p>
          <ul>
            {result.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : (
        trace &&
        item &&
        hl && (
          <div className="st-body">
            <StepCard item={item} t={trace} />
            <PrimGraph
              nodes={fwdNodes}
              current={hl.fwd}
              related={hl.fwdRel}
              title="Forward: primitives"
              testId="st-forward-graph"
            />
            <PrimGraph
              nodes={bwdNodes}
              current={hl.bwd}
              related={hl.bwdRel}
              title="Backward: what the compiler generated"
              testId="st-backward-graph"
            />
          </div>
        )
      )}
      <footer className="st-foot muted">
        <kbd>→</kbd> next · <kbd>←</kbd> back · <kbd>Home</kbd>/<kbd>End</kbd> first/last · <kbd>Esc</kbd>{" "}
        close · values from wiregrad's compiled program, run on the CPU in float64
        {result.ok && result.note ? ` · ${result.note}` : ""}
      </footer>
    </section>
  );
}
