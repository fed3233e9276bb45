// What can end a WebGPU run without the program being wrong: the device is lost (driver
// reset, tab backgrounded too long, device.destroy()), or the device reports a validation
// or out-of-memory error nobody captured. Either way the weights on the device are gone or
// suspect, so the session stops submitting and says what happened, at which step.

export interface GpuFailure {
  kind: "device-lost" | "validation" | "out-of-memory" | "internal";
  /** The step count (steps submitted) when the failure was noticed. */
  step: number;
  message: string;
}

/**
 * Calls onFail once, on device.lost or the first uncaptured error. Returns a function that
 * stops watching (a lost promise cannot be cancelled; it is ignored after that).
 */
export function watchDevice(
  device: GPUDevice,
  onFail: (f: GpuFailure) => void,
  step: () => number,
): () => void {
  let active = true;
  const report = (kind: GpuFailure["kind"], detail: string) => {
    if (!active) return;
    active = false;
    const s = step();
    onFail({ kind, step: s, message: `WebGPU ${kind.replace("-", " ")} at step ${s}: ${detail}` });
  };
  device.lost.then(
    (info) => report("device-lost", `${info.reason}${info.message ? ` (${info.message})` : ""}`),
    () => undefined,
  );
  const onError = (ev: Event) => {
    const err = (ev as GPUUncapturedErrorEvent).error;
    const name = err?.constructor?.name ?? "";
    const kind = /OutOfMemory/i.test(name)
      ? "out-of-memory"
      : /Internal/i.test(name)
        ? "internal"
        : "validation";
    report(kind, err?.message ?? String(err));
  };
  device.addEventListener("uncapturederror", onError);
  return () => {
    active = false;
    device.removeEventListener("uncapturederror", onError);
  };
}
