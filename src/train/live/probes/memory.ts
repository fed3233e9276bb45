// What a probe remembers between snapshots of one run: the previous weights (for the update
// ratio ‖Δw‖/‖w‖) and where and when a NaN was first seen. A step counter that goes back means
// a new run (reset), which forgets everything.
import type { LiveWarning } from "../types";

export class ProbeMemory {
  private lastStep = -1;
  private run: number | undefined;
  /** Weights at the last snapshot that saw them change, by variable name. */
  readonly prevWeights = new Map<string, { step: number; data: Float32Array }>();
  /** The last update ratio per variable and how many steps it spans, kept while paused. */
  readonly ratios = new Map<string, { ratio: number; steps: number }>();
  /** The last step at which the probe saw no NaN/Inf anywhere. */
  lastFiniteStep: number | null = null;
  /** The NaN warning as first raised: it stays on the node where the NaN arose. */
  firstNaN: LiveWarning | null = null;

  /** Called at the start of each snapshot; a new run id or a step that went back starts afresh. */
  begin(step: number, run?: number): void {
    if (step < this.lastStep || run !== this.run) this.reset();
    this.lastStep = step;
    this.run = run;
  }

  reset(): void {
    this.lastStep = -1;
    this.prevWeights.clear();
    this.ratios.clear();
    this.lastFiniteStep = null;
    this.firstNaN = null;
  }

  /**
   * ‖w_t − w_s‖ / ‖w_t‖ per step since the previous snapshot s. Probes run a few times a
   * second while training may take many steps in between; dividing by the steps keeps the
   * figure per update (exact when stepping one at a time, an underestimate when successive
   * updates point in different directions).
   */
  updateRatio(
    name: string,
    step: number,
    w: Float32Array,
    norm: (a: Float32Array, b: Float32Array) => number,
    wNorm: number,
  ): { ratio: number; steps: number } {
    const prev = this.prevWeights.get(name);
    if (prev && prev.data.length === w.length && step > prev.step) {
      const steps = step - prev.step;
      const r = { ratio: wNorm > 0 ? norm(w, prev.data) / wNorm / steps : 0, steps };
      this.ratios.set(name, r);
      this.prevWeights.set(name, { step, data: Float32Array.from(w) });
      return r;
    }
    if (!prev || prev.data.length !== w.length) {
      this.prevWeights.set(name, { step, data: Float32Array.from(w) });
      this.ratios.delete(name);
    }
    return this.ratios.get(name) ?? { ratio: 0, steps: 0 };
  }
}
