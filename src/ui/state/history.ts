// Undo history made of immer patches. No command has a hand-written inverse: every edit
// records the patches immer produced and their inverses, and undo replays the inverses.
// Edits are grouped into steps so one gesture (a drag, a paste, a slider scrub) undoes at once.
import type { Patch } from "immer";

export interface HistoryStep {
  label: string;
  patches: Patch[];
  inverse: Patch[];
  /** Consecutive edits with the same key merge (typing digits into one field). */
  coalesce?: string;
  at: number;
}

export interface History {
  past: HistoryStep[];
  future: HistoryStep[];
  /** The step being built while a gesture is open; pushed to `past` when it ends. */
  gesture: HistoryStep | null;
}

export interface RecordOptions {
  label?: string;
  coalesce?: string;
  /** Milliseconds since the epoch; passed in so tests do not depend on the clock. */
  now?: number;
}

/** Old steps are dropped beyond this; a lecture's worth of edits fits easily. */
export const HISTORY_LIMIT = 500;
/** Edits with the same coalesce key merge when they come closer together than this. */
export const COALESCE_MS = 1000;

export const emptyHistory = (): History => ({ past: [], future: [], gesture: null });

function merge(into: HistoryStep, patches: Patch[], inverse: Patch[], at: number): HistoryStep {
  // Inverses run in reverse order of the edits they undo, so later ones go first.
  return { ...into, patches: [...into.patches, ...patches], inverse: [...inverse, ...into.inverse], at };
}

/** Adds one edit's patches: to the open gesture, to the last step when it coalesces, or as a new step. */
export function record(h: History, patches: Patch[], inverse: Patch[], opts: RecordOptions = {}): History {
  if (patches.length === 0) return h;
  const at = opts.now ?? Date.now();
  if (h.gesture) return { ...h, gesture: merge(h.gesture, patches, inverse, at), future: [] };
  const last = h.past[h.past.length - 1];
  if (opts.coalesce && last?.coalesce === opts.coalesce && at - last.at < COALESCE_MS) {
    return { past: [...h.past.slice(0, -1), merge(last, patches, inverse, at)], future: [], gesture: null };
  }
  const step: HistoryStep = { label: opts.label ?? "edit", patches, inverse, coalesce: opts.coalesce, at };
  return { past: [...h.past, step].slice(-HISTORY_LIMIT), future: [], gesture: null };
}

export function beginGesture(h: History, label: string, now = Date.now()): History {
  if (h.gesture) return h;
  return { ...h, gesture: { label, patches: [], inverse: [], at: now } };
}

export function endGesture(h: History): History {
  const g = h.gesture;
  if (!g) return h;
  if (g.patches.length === 0) return { ...h, gesture: null };
  return { past: [...h.past, g].slice(-HISTORY_LIMIT), future: h.future, gesture: null };
}

/** The step to undo and the history after it; closes an open gesture first. */
export function takeUndo(h: History): { step: HistoryStep; history: History } | null {
  const closed = endGesture(h);
  const step = closed.past[closed.past.length - 1];
  if (!step) return null;
  return {
    step,
    history: { past: closed.past.slice(0, -1), future: [step, ...closed.future], gesture: null },
  };
}

export function takeRedo(h: History): { step: HistoryStep; history: History } | null {
  const closed = endGesture(h);
  const [step, ...rest] = closed.future;
  if (!step) return null;
  return { step, history: { past: [...closed.past, step], future: rest, gesture: null } };
}
