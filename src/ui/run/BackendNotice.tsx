// Which backend trains and why, always visible: a lecturer must know whether the numbers
// come from the GPU or the CPU. The reason's lead ("CPU is faster here") reads from the back
// row; its figures follow, in full on hover. A WebGPU run that failed and went on on the CPU
// says so in a sentence of its own. The choice can be overridden.
import type { BackendChoice } from "../../train/worker/protocol";
import { useLive } from "../app/session";
import { splitReason } from "./backendReason";
import { setBackend } from "./runClient";

export function BackendNotice() {
  const backend = useLive((s) => s.backend);
  const reason = useLive((s) => s.backendReason);
  const failure = useLive((s) => s.backendFailure);
  const fellBack = failure !== null;
  const choice = useLive((s) => s.backendChoice);
  const { lead, detail } = splitReason(reason);
  return (
    <div
      className={`backend-notice backend-${backend ?? "none"}${fellBack ? " backend-fell-back" : ""}`}
      data-testid="backend-notice"
      data-backend={backend ?? ""}
      data-fallback={fellBack ? "true" : undefined}
      role={fellBack ? "status" : undefined}
    >
      <span className="backend-badge">
        {backend === "webgpu" ? "WebGPU" : backend === "cpu" ? "CPU" : "…"}
      </span>
      {fellBack ? (
        <span className="backend-reason" title={`${reason}\n${failure}`}>
          {reason}
        </span>
      ) : (
        <span className="backend-reason" title={reason}>
          {reason ? <span className="backend-lead">{lead}</span> : "choosing a backend"}
          {detail && <span className="backend-detail"> · {detail}</span>}
        </span>
      )}
      <select
        aria-label="backend"
        value={choice}
        onChange={(e) => setBackend(e.target.value as BackendChoice)}
        data-testid="backend-choice"
      >
        <option value="auto">auto</option>
        <option value="webgpu">WebGPU</option>
        <option value="cpu">CPU</option>
      </select>
    </div>
  );
}
