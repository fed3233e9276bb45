// Loading and training presets for the target tests: each test trains a preset exactly as the
// CLI would (TrainSession on the CPU executor, the preset's own seed and batch size).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeDatasetLoader } from "../../src/cli/datasets";
import type { VariableStore } from "../../src/compile/variables";
import type { GraphDoc, ParamValue } from "../../src/graph/doc";
import { parseGraphDoc } from "../../src/graph/load";
import { TrainSession } from "../../src/train/session";

export const PRESET_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../presets");

export const presetFiles = (): string[] => readdirSync(PRESET_DIR).filter((f) => f.endsWith(".json"));

export function loadPresetText(file: string): { text: string; doc: GraphDoc } {
  const text = readFileSync(join(PRESET_DIR, file), "utf8");
  const r = parseGraphDoc(text, file);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join("\n"));
  return { text, doc: r.doc };
}

export const loadPreset = (name: string): GraphDoc => loadPresetText(`${name}.json`).doc;

/** A copy of the document with some node params changed (as an edit in the inspector would). */
export function withParams(doc: GraphDoc, id: string, params: Record<string, ParamValue>): GraphDoc {
  if (!doc.nodes.some((n) => n.id === id)) throw new Error(`no node "${id}"`);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, ...params } } : n)),
  };
}

export function newSession(doc: GraphDoc, previous?: VariableStore): TrainSession {
  return new TrainSession(doc, nodeDatasetLoader, previous ? { previous } : {});
}

/** Trains for `steps` (default: the preset's training.steps) and returns the session. */
export function trainDoc(
  doc: GraphDoc,
  steps = doc.training?.steps ?? 0,
  onStep?: (s: TrainSession) => void,
): TrainSession {
  const s = newSession(doc);
  for (let i = 0; i < steps; i++) {
    const log = s.trainStep();
    if (!Number.isFinite(log.loss)) throw new Error(`loss became ${log.loss} at step ${log.step}`);
    onStep?.(s);
  }
  return s;
}

export const trainPreset = (name: string, steps?: number) => trainDoc(loadPreset(name), steps);

/** The value of a one-element variable, e.g. a scalar Parameter. */
export function scalar(s: TrainSession, name: string): number {
  const v = s.variables.get(name);
  if (!v) throw new Error(`no variable "${name}" (have ${[...s.variables.keys()].join(", ")})`);
  return v[0];
}

/**
 * The heavy presets state two targets: the full one (their training.steps) and a lower one for a
 * shorter CI run. WIREGRAD_PRESETS=full runs the full budgets (minutes each on a CPU).
 */
export const FULL_BUDGET = process.env.WIREGRAD_PRESETS === "full";

/** Generous per-test time limits: CI machines are slow and share their cores. */
export const HEAVY_TIMEOUT_MS = FULL_BUDGET ? 3_600_000 : 600_000;
