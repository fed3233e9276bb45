// Long work (loading MNIST, compiling, evaluating) as a bar with what it is doing.
import { useLive } from "../app/session";

export function RunProgress() {
  const progress = useLive((s) => s.progress);
  if (!progress) return null;
  return (
    <div className="run-progress" role="status" data-testid="run-progress">
      <span>{progress.task}…</span>
      <div
        className={`bar${progress.fraction === null ? " indeterminate" : ""}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={progress.fraction ?? undefined}
      >
        <div style={progress.fraction === null ? undefined : { width: `${progress.fraction * 100}%` }} />
      </div>
    </div>
  );
}
