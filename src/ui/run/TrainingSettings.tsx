// The graph's training settings (batch size, seed, step budget, test fraction), editable
// while paused. They live in the GraphDoc, so each change is an undo step and is saved with
// the graph; the worker recompiles and keeps the weights.
import { useState } from "react";
import { DEFAULT_TRAINING } from "../../graph/doc";
import { useEditor, useLive } from "../app/session";
import { setTraining, type TrainingKey } from "./runClient";

interface Field {
  key: TrainingKey;
  label: string;
  min: number;
  max: number;
  integer: boolean;
  optional?: boolean;
}

const FIELDS: Field[] = [
  { key: "batch_size", label: "batch", min: 1, max: 65536, integer: true },
  { key: "seed", label: "seed", min: 0, max: 2 ** 31 - 1, integer: true },
  { key: "steps", label: "steps", min: 1, max: 10_000_000, integer: true, optional: true },
  { key: "test_fraction", label: "test split", min: 0, max: 0.9, integer: false },
];

function problem(f: Field, text: string): string | null {
  if (text.trim() === "") return f.optional ? null : `${f.label} needs a value`;
  const v = Number(text);
  if (!Number.isFinite(v)) return `${f.label}: "${text}" is not a number`;
  if (f.integer && !Number.isInteger(v)) return `${f.label} must be a whole number`;
  if (v < f.min || v > f.max) return `${f.label} must be between ${f.min} and ${f.max.toLocaleString()}`;
  return null;
}

function SettingInput({ f, value, disabled }: { f: Field; value: number | undefined; disabled: boolean }) {
  const shown = value === undefined ? "" : String(value);
  const [text, setText] = useState<string | null>(null);
  const err = text === null ? null : problem(f, text);
  const commit = () => {
    if (text === null || err) return;
    const v = text.trim() === "" ? undefined : Number(text);
    if (v !== value) setTraining(f.key, v);
    setText(null);
  };
  return (
    <label className={`run-field${err ? " has-error" : ""}`}>
      <span>{f.label}</span>
      <input
        type="number"
        inputMode="decimal"
        step={f.integer ? 1 : 0.05}
        min={f.min}
        max={f.max}
        value={text ?? shown}
        placeholder={f.optional ? "none" : undefined}
        disabled={disabled}
        aria-invalid={!!err}
        title={err ?? (disabled ? "Pause to change" : undefined)}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") setText(null);
        }}
        data-testid={`run-setting-${f.key}`}
      />
      {err && (
        <span className="field-error" role="alert">
          {err}
        </span>
      )}
    </label>
  );
}

export function TrainingSettings() {
  const training = useEditor((s) => s.doc.training);
  const running = useLive((s) => s.running);
  const t = { ...DEFAULT_TRAINING, ...training };
  return (
    <fieldset className="run-settings" data-testid="run-settings">
      <legend className="visually-hidden">Training settings</legend>
      {FIELDS.map((f) => (
        <SettingInput key={f.key} f={f} value={t[f.key]} disabled={running} />
      ))}
    </fieldset>
  );
}
