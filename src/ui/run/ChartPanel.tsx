// The metrics chart with its controls: which metric, log scale, smoothing, and the runs of
// this page session (shown or hidden by their names).
import { useState } from "react";
import { useLive } from "../app/session";
import { metricNames, runColour } from "./chartSeries";
import { MetricsChart } from "./MetricsChart";
import { toggleRunVisible } from "./runClient";

export function ChartPanel() {
  const runs = useLive((s) => s.runs);
  const [metric, setMetric] = useState("loss");
  const [log, setLog] = useState(false);
  const [smoothing, setSmoothing] = useState(0.6);
  const names = metricNames(runs);
  const shown = names.includes(metric) ? metric : "loss";
  return (
    <section className="chart-panel" aria-label="Training metrics">
      <div className="chart-controls">
        <fieldset className="segmented" aria-label="metric">
          {names.map((n) => (
            <button
              key={n}
              type="button"
              aria-pressed={n === shown}
              className={n === shown ? "on" : ""}
              onClick={() => setMetric(n)}
              data-testid={`chart-metric-${n}`}
            >
              {n}
            </button>
          ))}
        </fieldset>
        <label className="check">
          <input
            type="checkbox"
            checked={log}
            onChange={(e) => setLog(e.target.checked)}
            data-testid="chart-log"
          />
          log scale
        </label>
        <label className="chart-smooth">
          smoothing
          <input
            type="range"
            className="smooth-range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => setSmoothing(Number(e.target.value))}
            data-testid="chart-smoothing"
          />
          <output>{smoothing.toFixed(2)}</output>
        </label>
        <span className="chart-key muted">
          <span className="key-line" /> train <span className="key-dot" /> test
        </span>
      </div>
      <MetricsChart runs={runs} metric={shown} log={log} smoothing={smoothing} />
      {runs.length > 0 && (
        <ul className="run-legend" data-testid="run-legend">
          {runs.map((r) => (
            <li key={r.id}>
              <label className={r.visible ? "" : "is-hidden"}>
                <input
                  type="checkbox"
                  checked={r.visible}
                  onChange={() => toggleRunVisible(r.id)}
                  data-testid={`run-visible-${r.id}`}
                />
                <span className="swatch" style={{ background: runColour(r.id) }} />
                {r.name}
                {r.backend && <span className="muted"> ({r.backend === "webgpu" ? "WebGPU" : "CPU"})</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
