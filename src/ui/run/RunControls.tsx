// Run, pause, one step, reset, speed: the buttons a lecturer presses, large and labelled,
// with the step counter and the backend in plain words beside them.
import { useLive } from "../app/session";
import type { Speed } from "../state/liveStore";
import { RunProgress } from "./RunProgress";
import { resetWeights, setSpeed, stepOnce, toggleRun } from "./runClient";

const SPEEDS: Speed[] = [1, 3, 10, 30, 100, "max"];

export function RunButtons({ compact = false }: { compact?: boolean }) {
  const running = useLive((s) => s.running);
  const phase = useLive((s) => s.phase);
  const ready = phase === "paused" || phase === "running";
  return (
    <div className={`run-buttons${compact ? " compact" : ""}`}>
      <button
        type="button"
        className={`run-main ${running ? "is-running" : "primary"}`}
        onClick={toggleRun}
        disabled={!ready}
        data-testid="run-toggle"
        aria-keyshortcuts="Space"
        title={running ? "Pause (Space)" : "Run (Space)"}
      >
        <span aria-hidden className="run-icon">
          {running ? "❚❚" : "▶"}
        </span>
        {running ? "Pause" : "Run"}
      </button>
      <button
        type="button"
        onClick={stepOnce}
        disabled={!ready || running}
        data-testid="run-step"
        aria-keyshortcuts="."
        title="One step (.)"
      >
        Step
      </button>
      {!compact && (
        <button
          type="button"
          onClick={resetWeights}
          disabled={phase === "loading" || phase === "compiling"}
          data-testid="run-reset"
          title="Fresh seeded weights: a new run"
        >
          Reset
        </button>
      )}
    </div>
  );
}

export function RunStatus() {
  const step = useLive((s) => s.step);
  const perEpoch = useLive((s) => s.stepsPerEpoch);
  const rate = useLive((s) => s.stepsPerSecond);
  const budget = useLive((s) => s.budget);
  const phase = useLive((s) => s.phase);
  const hyper = useLive((s) => s.hyper);
  const error = useLive((s) => s.error);
  const rates = Object.entries(hyper).filter(([k]) => k.endsWith(".lr"));
  const busy = useLive((s) => s.progress !== null);
  const epoch = perEpoch > 0 ? step / perEpoch : 0;
  return (
    <div className="run-status" data-testid="run-status" data-phase={phase}>
      <div className="run-step-count">
        <span className="label">step</span>
        <span className="value" data-testid="run-step-count" data-step={step}>
          {step.toLocaleString()}
        </span>
        {budget ? <span className="muted"> / {budget.toLocaleString()}</span> : null}
      </div>
      {busy && <RunProgress />}
      <div className="run-sub muted" hidden={busy}>
        {perEpoch > 0 && <span>epoch {epoch.toFixed(epoch < 10 ? 1 : 0)}</span>}
        {phase === "running" && rate > 0 && (
          <span data-testid="run-rate">{Math.round(rate).toLocaleString()} steps/s</span>
        )}
        {rates.map(([k, v]) => (
          <span
            key={k}
            data-testid={`run-hyper-${k}`}
            data-value={v}
            title={`${k}: the learning rate the step uses now`}
          >
            lr {v}
          </span>
        ))}
        <span className={`phase phase-${phase}`} title={error ?? undefined} data-testid="run-phase">
          {PHASE_TEXT[phase]}
        </span>
      </div>
    </div>
  );
}

const PHASE_TEXT: Record<string, string> = {
  idle: "starting",
  loading: "loading data",
  compiling: "compiling",
  ready: "ready",
  running: "training",
  paused: "paused",
  invalid: "cannot train yet",
  failed: "stopped by an error",
};

export function SpeedControl() {
  const speed = useLive((s) => s.speed);
  return (
    <label className="run-field">
      <span>speed</span>
      <select
        value={String(speed)}
        onChange={(e) => setSpeed(e.target.value === "max" ? "max" : Number(e.target.value))}
        data-testid="run-speed"
        title="Steps per frame"
      >
        {SPEEDS.map((s) => (
          <option key={String(s)} value={String(s)}>
            {s === "max" ? "as fast as possible" : `${s} step${s === 1 ? "" : "s"} / frame`}
          </option>
        ))}
      </select>
    </label>
  );
}
