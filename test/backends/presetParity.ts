// Training parity between the CPU executor and WebGPU: the same session, stepped on both, and
// how far apart the loss curves, the weights and the evaluation end up. No Node imports, so
// the browser harness (test/browser/gpu-check.ts) runs the very same comparison.

import type { GpuTrainSession } from "../../src/train/gpuSession";
import type { TrainSession } from "../../src/train/session";

export interface ParityBudget {
  steps: number;
  /** Mini-batch size for both backends; the preset's own when absent. */
  batch?: number;
  /** Also compare the loss over the test split in eval mode. */
  evaluate: boolean;
}

export interface ParityResult {
  steps: number;
  /** Worst |gpu − cpu| loss over the curve, relative to the loss's scale (see lossScale). */
  lossGap: number;
  lossGapStep: number;
  /** Worst |gpu − cpu| over weight elements, relative to each tensor's largest |cpu| value. */
  weightGap: number;
  weightGapName: string;
  /** Relative gap of the test-split loss; 0 when not evaluated or there is no test split. */
  evalGap: number;
  firstLoss: number;
  lastLoss: { cpu: number; gpu: number };
}

/**
 * The tolerances, and why they are that size.
 *
 * Per step the backends differ by a few ulp per op (test/backends/primCases.ts: ≤ 3 ulp
 * elementwise, ≤ 2√k ulp of the largest term for k-term sums), ~1e-7–1e-6 relative after a
 * forward and backward pass; train-parity.test.ts measures ≤ 8e-7 in the loss over 300 steps.
 * Two things make training amplify that, both measured on the presets:
 * - Adam divides by √v̂ + ε: a gradient that cancels to ~1e-7 of its terms (an MNIST pixel
 *   almost always 0) carries an O(1) relative error and Adam turns it into an O(lr) step, so
 *   after one step vae-mnist's enc.weight differs by 6e-5 of its scale (the gradient there is
 *   1.4e-6 on the CPU, 1.2e-6 on the GPU, against terms of ~9). Hence weights: 5e-4, 7× that.
 * - Oscillating runs (Adam at the edge of stability, a narrow valley) grow any difference
 *   geometrically, the CPU's own 1-ulp perturbations included; budgets stop before that.
 * Loss: ≤ 1e-4 of its scale (measured ≤ 4e-6 within the budgets), still far below what a wrong
 * kernel or a different random stream does (1e-3 or more within a step; a different noise draw
 * changes a VAE's or GAN's loss by percent).
 */
export const TOLERANCE = { loss: 1e-4, weights: 5e-4 };

/**
 * A loss that has fallen to 1e-3 of where it started still carries the rounding of the terms
 * it was summed from, which are of the earlier size: compare against the current loss, but
 * never less than 1 % of the largest loss so far.
 */
function lossScale(curve: number[], k: number): number {
  let peak = 0;
  for (let j = 0; j <= k; j++) peak = Math.max(peak, Math.abs(curve[j]));
  return Math.max(Math.abs(curve[k]), 1e-2 * peak, 1e-30);
}

/** Steps both sessions `budget.steps` times (GPU queued, CPU meanwhile) and compares them. */
export async function trainBoth(
  cpu: TrainSession,
  gpu: GpuTrainSession,
  budget: ParityBudget,
): Promise<ParityResult> {
  const pending = Array.from({ length: budget.steps }, () => gpu.trainStep());
  const cpuLogs = Array.from({ length: budget.steps }, () => cpu.trainStep());
  const gpuLogs = await Promise.all(pending);
  const curve = cpuLogs.map((l) => l.loss);
  let lossGap = 0;
  let lossGapStep = 0;
  cpuLogs.forEach((c, k) => {
    if (gpuLogs[k].step !== c.step) throw new Error(`step ${gpuLogs[k].step} on the GPU against ${c.step}`);
    const g = Math.abs(gpuLogs[k].loss - c.loss) / lossScale(curve, k);
    // NaN on one side only must fail: treat it as an infinite gap.
    const gap = Number.isNaN(g) ? (Number.isNaN(c.loss) && Number.isNaN(gpuLogs[k].loss) ? 0 : Infinity) : g;
    if (gap > lossGap) [lossGap, lossGapStep] = [gap, c.step];
  });

  const slots = new Set(
    [...cpu.program.variables.values()].filter((v) => v.kind === "slot").map((v) => v.name),
  );
  const gvars = await gpu.syncVariables();
  let weightGap = 0;
  let weightGapName = "";
  // Optimiser state (momenta) is left out: it may pass through zero, where no relative measure
  // holds, and every difference in it shows in the weights it moves.
  for (const [name, want] of cpu.variables) {
    if (slots.has(name)) continue;
    const got = gvars.get(name);
    if (!got || got.length !== want.length) throw new Error(`the GPU has no variable "${name}" of that size`);
    let scale = 0;
    for (const x of want) scale = Math.max(scale, Math.abs(x));
    for (let i = 0; i < want.length; i++) {
      const e = Math.abs(got[i] - want[i]) / Math.max(scale, 1e-30);
      const gap = Number.isNaN(e) ? Infinity : e;
      if (gap > weightGap) [weightGap, weightGapName] = [gap, name];
    }
  }

  let evalGap = 0;
  if (budget.evaluate) {
    const [ce, ge] = [cpu.evaluate("test"), await gpu.evaluate("test")];
    if (ce.loss !== undefined) evalGap = Math.abs((ge.loss ?? Number.NaN) - ce.loss) / Math.abs(ce.loss);
    if (Number.isNaN(evalGap)) evalGap = Infinity;
  }
  return {
    steps: cpuLogs.length,
    lossGap,
    lossGapStep,
    weightGap,
    weightGapName,
    evalGap,
    firstLoss: curve[0],
    lastLoss: { cpu: curve.at(-1)!, gpu: gpuLogs.at(-1)!.loss },
  };
}
