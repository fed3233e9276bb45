// The current step in large type: a forward op with its value, or a backward op with the
// incoming gradient, the local derivative and what each input receives (the chain rule),
// or at the end the gradient of every leaf. Data attributes carry full-precision numbers for
// tests and anyone who wants more digits.
import type { Operand, Trace } from "../../compile/trace";
import { fmtNum } from "../../compile/trace/values";
import type { WalkItem } from "./walk";

function Value({ op, testId }: { op: Operand; testId?: string }) {
  return (
    <span
      className="st-value"
      data-testid={testId}
      data-value={op.value.size === 1 ? String(op.value.data[0]) : undefined}
      data-shape={op.value.shape.join("x")}
    >
      {op.value.text}
    </span>
  );
}

function blockText(b: { node: string; type: string; port?: string } | undefined): string {
  if (!b) return "sums the losses";
  return `block ${b.node} (${b.type})${b.port ? `, output ${b.port}` : ""}`;
}

function Forward({ item }: { item: Extract<WalkItem, { phase: "forward" }> }) {
  const s = item.step;
  return (
    <div className="st-card" data-testid="step-card" data-phase="forward">
      <p className="st-where">{blockText(s.block)}</p>
      <p className="st-main">
        <span className="st-name">{s.label}</span> = {s.expr}
      </p>
      {s.valueExpr && <p className="st-sub">= {s.valueExpr}</p>}
      <p className="st-result">
        <span className="st-name">{s.label}</span> ={" "}
        <Value op={{ id: s.id, label: s.label, value: s.value }} testId={`value-${s.label}`} />
      </p>
      {s.attrs && <p className="st-note">{s.attrs}</p>}
    </div>
  );
}

function Backward({ item, t }: { item: Extract<WalkItem, { phase: "backward" }>; t: Trace }) {
  const s = item.step;
  const finalIds = new Set(t.leaves.map((l) => l.grad.id));
  return (
    <div className="st-card" data-testid="step-card" data-phase="backward">
      <p className="st-where">
        back through <span className="st-name">{s.label}</span> = {s.expr} · {blockText(s.block)}
      </p>
      <p className="st-main">
        incoming gradient <span className="st-name">{s.adjoint.label}</span> ={" "}
        <Value op={s.adjoint} testId="adjoint" />
      </p>
      {s.contributions.length === 0 && <p className="st-note">Nothing flows further back from here.</p>}
      <ul className="st-contribs">
        {s.contributions.map((c) => {
          const scalar = c.local.value !== undefined && s.adjoint.value.size === 1;
          const final = finalIds.has(c.total.id);
          return (
            <li key={`${c.slot}-${c.input.id}`}>
              <p className="st-local">
                <span className="st-words">{c.local.words}:</span> {c.local.formula}
              </p>
              <p className="st-chain">
                {scalar
                  ? `${s.adjoint.label} × ${fmtNum(c.local.value!)} = ${c.grad.value.text}`
                  : `contribution ${c.grad.value.text}`}
              </p>
              <p
                className={`st-result${final ? " is-final" : ""}`}
                data-testid={`grad-${c.input.label}`}
                data-value={c.total.value.size === 1 ? String(c.total.value.data[0]) : undefined}
                data-final={final ? "true" : "false"}
              >
                <span className="st-name">{c.total.label}</span>
                {c.accumulates ? " (sum of its uses)" : ""} = {c.total.value.text}
                {final && <span className="st-badge">final</span>}
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Leaves({ t }: { t: Trace }) {
  return (
    <div className="st-card" data-testid="step-card" data-phase="leaves">
      <p className="st-where">
        the gradient of {t.objective.label} with respect to every {t.focus ? "weight of the block" : "leaf"}
      </p>
      {t.leaves.length === 0 && (
        <p className="st-note">Nothing here has a gradient (no parameters, no inputs).</p>
      )}
      <ul className="st-leaves">
        {t.leaves.map((l) => (
          <li key={l.name} className="st-result is-final">
            <span className="st-name">{l.grad.label}</span> ={" "}
            <Value op={l.grad} testId={`leaf-grad-${l.label}`} />
            <span className="st-kind">{l.kind}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function StepCard({ item, t }: { item: WalkItem; t: Trace }) {
  if (item.phase === "forward") return <Forward item={item} />;
  if (item.phase === "backward") return <Backward item={item} t={t} />;
  return <Leaves t={t} />;
}
