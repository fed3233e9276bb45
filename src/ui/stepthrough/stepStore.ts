// Whether the step-through panel is open, on the whole graph or one block, and where in the
// walk it stands. View state only: nothing here enters the document or undo.

import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

export interface StepState {
  open: boolean;
  /** The block expanded into its primitives, or null for the whole graph. */
  focus: string | null;
  /** Position in the walk: forward steps, then backward steps, then the leaf gradients. */
  position: number;
}

export const stepStore = createStore<StepState>()(() => ({ open: false, focus: null, position: 0 }));

export function useStep<T>(select: (s: StepState) => T): T {
  return useStore(stepStore, select);
}

export function openStepThrough(focus: string | null = null): void {
  stepStore.setState({ open: true, focus, position: 0 });
}

export function closeStepThrough(): void {
  stepStore.setState({ open: false });
}

export function toggleStepThrough(): void {
  if (stepStore.getState().open) closeStepThrough();
  else openStepThrough();
}

/** Moves by `delta` steps, kept within [0, last]. */
export function moveStep(delta: number, last: number): void {
  const p = stepStore.getState().position + delta;
  stepStore.setState({ position: Math.max(0, Math.min(last, p)) });
}

export function goToStep(position: number): void {
  stepStore.setState({ position });
}
