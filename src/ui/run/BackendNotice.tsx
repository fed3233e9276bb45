// Which backend trains and why, always visible: a lecturer must know whether the numbers
// come from the GPU or the CPU fallback. The choice can be overridden.
import type { BackendChoice } from "../../train/worker/protocol";
import { useLive } from "../app/session";
import { setBackend } from "./runClient";

export function BackendNotice() {
  const backend = useLive((s) => s.backend);
  const reason = useLive((s) => s.backendReason);
  const choice = useLive((s) => s.backendChoice);
  return (
    <div
      className={`backend-notice backend-${backend ?? "none"}`}
      data-testid="backend-notice"
      data-backend={backend ?? ""}
    >
      <span className="backend-badge">
        {backend === "webgpu" ? "WebGPU" : backend === "cpu" ? "CPU" : "…"}
      </span>
      <span className="backend-reason" title={reason}>
        {reason || "choosing a backend"}
      </span>
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
