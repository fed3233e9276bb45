// What the harness needs from each library: a training step it can queue and await, and a
// matmul it can repeat. Each adapter builds the same network from the same data (workloads.ts).

import type { Batch } from "./data";
import type { LibId } from "./types";
import type { TrainSpec } from "./workloads";

export interface Trainer {
  /** Makes this library's backend current (TF.js has one global backend). */
  activate(): Promise<void>;
  /** Queues one training step and returns a handle on its loss, without waiting. */
  step(): unknown;
  /** Waits for a step's loss (and releases the handle). */
  read(loss: unknown): Promise<number>;
  /**
   * Queues n steps through the library's own batching API, where it has one (wiregrad's
   * trainSteps), resolving with the last loss; otherwise the harness calls step() n times.
   */
  queue?(n: number): Promise<number>;
  /** Releases a handle that will not be read. */
  drop(loss: unknown): void;
  /** What the library says about itself (wiregrad: dispatches, planned bytes). */
  own?(): Record<string, number | string>;
  dispose(): void;
}

export interface MatmulRunner {
  activate(): Promise<void>;
  /** `reps` n×n×n products queued back to back, then the last one read back in full. */
  run(reps: number): Promise<void>;
  dispose(): void;
}

export interface Library {
  id: LibId;
  train(spec: TrainSpec, data: Batch): Promise<Trainer>;
  /** Absent where a plain product means nothing (the automatic training-backend choice). */
  matmul?(n: number): Promise<MatmulRunner>;
}

/** Deterministic n×n operands, the same for every library. */
export function matmulOperands(n: number): { a: Float32Array; b: Float32Array } {
  return {
    a: Float32Array.from({ length: n * n }, (_, i) => Math.sin(i) * 0.5),
    b: Float32Array.from({ length: n * n }, (_, i) => Math.cos(i) * 0.5),
  };
}
