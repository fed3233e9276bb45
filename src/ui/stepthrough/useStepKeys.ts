// While the panel is open, → / n and ← / p walk the steps, Home and End jump, Escape closes.
// A capture listener on window runs before the editor's shortcuts and marks the event handled,
// so the arrows do not also pan the canvas and P does not start presenting.
import { useEffect } from "react";
import { closeStepThrough, goToStep, moveStep } from "./stepStore";

export function useStepKeys(open: boolean, last: number): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT")) return;
      const k = e.key.toLowerCase();
      if (k === "arrowright" || k === "n") moveStep(1, last);
      else if (k === "arrowleft" || k === "p") moveStep(-1, last);
      else if (k === "home") goToStep(0);
      else if (k === "end") goToStep(last);
      else if (k === "escape") closeStepThrough();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [open, last]);
}
