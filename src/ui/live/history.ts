// A bounded history of each node's summaries, for the inspector: the last HISTORY_LENGTH
// snapshots' histograms and numbers. Recorded for every node as snapshots arrive, so selecting
// a block shows its past at once. A step that goes back (a reset or a new run) starts afresh.
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import type { ParamProbe, ProbeSnapshot, TensorSummary } from "../../train/live/types";
import { live } from "../app/session";

export const HISTORY_LENGTH = 200;

export interface HistoryEntry {
  step: number;
  value?: TensorSummary;
  params?: ParamProbe[];
}

const histories = new Map<string, HistoryEntry[]>();
/** Bumped on every recorded snapshot; components re-read `histories` when it changes. */
const version = createStore<{ n: number }>()(() => ({ n: 0 }));
let lastStep = -1;

export function recordSnapshot(p: ProbeSnapshot): void {
  if (p.step < lastStep) histories.clear();
  lastStep = p.step;
  const ids = new Set([...Object.keys(p.nodes), ...Object.keys(p.params)]);
  for (const id of ids) {
    const entry: HistoryEntry = { step: p.step, value: p.nodes[id]?.value, params: p.params[id] };
    const h = histories.get(id) ?? [];
    // A paused run probed again at the same step replaces, rather than repeats, its entry.
    if (h.length && h[h.length - 1].step === p.step) h[h.length - 1] = entry;
    else h.push(entry);
    if (h.length > HISTORY_LENGTH) h.splice(0, h.length - HISTORY_LENGTH);
    histories.set(id, h);
  }
  version.setState((s) => ({ n: s.n + 1 }));
}

export function clearHistory(): void {
  histories.clear();
  lastStep = -1;
  version.setState((s) => ({ n: s.n + 1 }));
}

/** The node's history (oldest first) and a counter that changes when it grows. */
export function useNodeHistory(id: string): { entries: HistoryEntry[]; version: number } {
  const n = useStore(version, (s) => s.n);
  return { entries: histories.get(id) ?? [], version: n };
}

let connected = false;

export function connectHistory(): void {
  if (connected) return;
  connected = true;
  const first = live.getState().probes;
  if (first) recordSnapshot(first);
  live.subscribe((s, prev) => {
    if (s.probes && s.probes !== prev.probes) recordSnapshot(s.probes);
    if (s.run !== prev.run) clearHistory();
  });
}
