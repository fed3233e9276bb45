// What the GPU check page publishes on window for Playwright (e2e/gpu-parity.spec.ts).

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why it failed, or the measured gaps when it passed. */
  detail: string;
  ms?: number;
}

export interface GpuCheckState {
  /** Which part ran: "prims" or "presets". */
  part: string;
  /** "vendor/architecture" of the adapter, or null when none was found. */
  adapter: string | null;
  results: CheckResult[];
  /** Set when the run could not start or stopped early (no adapter, a fetch failed). */
  error?: string;
  done: boolean;
}

declare global {
  interface Window {
    __gpuCheck?: GpuCheckState;
  }
}
