// "Check gradients": the graph's reverse-mode gradients against central finite differences,
// per parameter, with the tolerance and why it is that size. The check runs in slices of a
// few milliseconds between frames, so the page stays responsive and shows progress.
import { useEffect, useRef, useState } from "react";
import { CompileError, formatProblem } from "../../compile/problems";
import { type CheckProgress, checkGradients, type GradientCheck } from "../../compile/trace/gradientCheck";
import { fmtNum } from "../../compile/trace/values";
import type { GraphDoc } from "../../graph/doc";
import { prepareForInspection } from "../stepthrough/traceEnv";
import { sameMaths } from "../stepthrough/useTrace";
import "../styles/stepthrough.css";

type State =
  | { kind: "idle" }
  | { kind: "running"; progress: CheckProgress | null }
  | { kind: "done"; result: GradientCheck; note?: string }
  | { kind: "error"; message: string };

/** Time per slice: well under a 60 Hz frame, so typing and scrolling stay smooth. */
const SLICE_MS = 12;
const CHECK_ROWS = 16;

const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(1) : "∞");

export function CheckGradients({ doc }: { doc: GraphDoc }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const cancel = useRef<(() => void) | null>(null);

  // A result belongs to the graph it was computed on: an edit of the maths clears it (moving
  // a block does not).
  const checked = useRef(doc);
  if (!sameMaths(checked.current, doc)) checked.current = doc;
  const maths = checked.current;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the graph's maths is the trigger, not a value read here.
  useEffect(() => {
    cancel.current?.();
    setState({ kind: "idle" });
  }, [maths]);
  useEffect(() => () => cancel.current?.(), []);

  const stop = () => {
    cancel.current?.();
    setState({ kind: "idle" });
  };

  const start = () => {
    cancel.current?.();
    let it: Generator<CheckProgress, GradientCheck>;
    let note: string | undefined;
    try {
      // A few rows check every rule as well as a full batch does, in a fraction of the time.
      const prep = prepareForInspection(
        doc,
        Math.min(doc.training?.batch_size ?? CHECK_ROWS, CHECK_ROWS),
        true,
      );
      note = prep.note;
      it = checkGradients(prep.program, {
        feeds: prep.feeds,
        variables: Object.fromEntries(prep.variables),
        seed: prep.seed,
      });
    } catch (e) {
      const message =
        e instanceof CompileError ? e.problems.map(formatProblem).join("; ") : (e as Error).message;
      setState({ kind: "error", message });
      return;
    }
    let stopped = false;
    let timer = 0;
    cancel.current = () => {
      stopped = true;
      clearTimeout(timer);
    };
    setState({ kind: "running", progress: null });
    const slice = () => {
      if (stopped) return;
      const until = performance.now() + SLICE_MS;
      try {
        let r = it.next();
        while (!r.done && performance.now() < until) r = it.next();
        if (r.done) {
          setState({ kind: "done", result: r.value, note });
          cancel.current = null;
          return;
        }
        setState({ kind: "running", progress: r.value });
      } catch (e) {
        setState({ kind: "error", message: (e as Error).message });
        return;
      }
      timer = window.setTimeout(slice, 0);
    };
    timer = window.setTimeout(slice, 0);
  };

  return (
    <section className="inspector-section gradcheck" data-testid="gradcheck">
      <h3>Check gradients</h3>
      <p className="muted small">
        Compares every parameter's gradient with central finite differences, in float64 on the CPU.
      </p>
      <div className="inspector-actions">
        <button type="button" onClick={state.kind === "running" ? stop : start} data-testid="gradcheck-run">
          {state.kind === "running" ? "Stop" : "Check gradients"}
        </button>
      </div>
      {state.kind === "running" && (
        <div data-testid="gradcheck-progress">
          <progress max={state.progress?.total ?? 1} value={state.progress?.done ?? 0} />
          <p className="muted small">
            {state.progress
              ? `${state.progress.done} of ${state.progress.total} elements · ${state.progress.param}`
              : "compiling…"}
          </p>
        </div>
      )}
      {state.kind === "error" && (
        <p className="fail" data-testid="gradcheck-error">
          {state.message}
        </p>
      )}
      {state.kind === "done" && <Results r={state.result} />}
      {state.kind === "done" && state.note && <p className="why">{state.note}</p>}
    </section>
  );
}

function Results({ r }: { r: GradientCheck }) {
  const failed = r.params.filter((p) => !p.ok).length;
  return (
    <div data-testid="gradcheck-results" data-failed={failed}>
      <p className={failed ? "fail" : "pass"}>
        {r.params.length === 0
          ? "No trainable parameters to check."
          : failed
            ? `${failed} of ${r.params.length} parameters fail`
            : `All ${r.params.length} parameters pass`}
      </p>
      <table>
        <thead>
          <tr>
            <th>parameter</th>
            <th>max abs</th>
            <th>max rel</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {r.params.map((p) => (
            <tr
              key={p.name}
              data-testid={`gradcheck-row-${p.name}`}
              data-ok={p.ok ? "true" : "false"}
              title={`${p.checked} of ${p.size} elements checked; worst at [${p.worst.index}]: analytic ${fmtNum(p.worst.analytic)}, numeric ${fmtNum(p.worst.numeric)}`}
            >
              <td>
                {p.name}
                {p.checked < p.size && (
                  <span className="muted">
                    {" "}
                    ({p.checked}/{p.size})
                  </span>
                )}
              </td>
              <td className="num">{sci(p.maxAbsErr)}</td>
              <td className="num">{sci(p.maxRelErr)}</td>
              <td className={p.ok ? "pass" : "fail"}>{p.ok ? "pass" : "fail"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="why">
        Pass when |analytic − numeric| ≤ {sci(r.tolerance.atol)} + {sci(r.tolerance.rtol)}·|numeric| for every
        element checked. Why: {r.tolerance.why}
      </p>
    </div>
  );
}
