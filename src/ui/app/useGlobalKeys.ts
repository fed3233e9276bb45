// Shortcuts and clipboard for the whole page. Keys typed into a field belong to the field;
// copy and paste use the browser's clipboard events, which need no permission and carry
// text between tabs.
import { useLayoutEffect } from "react";
import { copySelection, deleteSelection, pasteText, pointerFlowPosition } from "./commands";
import { view } from "./session";
import { comboOf, findShortcut } from "./shortcuts";

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  if (el.tagName !== "INPUT") return false;
  const type = (el as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "file"].includes(type);
}

function onKeyDown(e: KeyboardEvent) {
  const combo = comboOf(e);
  // React Flow already handled it (arrow keys on a focused node move it). Space is the
  // exception: React Flow marks it handled for pan-while-held, and a press runs or pauses.
  if ((e.defaultPrevented && combo !== " ") || e.isComposing) return;
  if (isTyping(e.target) && combo !== "escape") return;
  const v = view.getState();
  if (v.quickAdd && combo !== "escape") return;
  if (v.dialog && combo !== "escape" && combo !== "?") return;
  // Space on a focused button or checkbox presses it; it must not also run or pause training.
  if (combo === " " && ["BUTTON", "INPUT"].includes((e.target as HTMLElement | null)?.tagName ?? "")) return;
  const shortcut = findShortcut(combo);
  if (!shortcut) return;
  e.preventDefault();
  shortcut.run();
}

function onCopy(e: ClipboardEvent, cut: boolean) {
  if (isTyping(document.activeElement) || view.getState().dialog) return;
  const text = copySelection();
  if (!text || !e.clipboardData) return;
  e.clipboardData.setData("text/plain", text);
  e.preventDefault();
  if (cut) deleteSelection();
}

function onPaste(e: ClipboardEvent) {
  if (isTyping(document.activeElement) || view.getState().dialog) return;
  const text = e.clipboardData?.getData("text/plain");
  if (text && pasteText(text, pointerFlowPosition())) e.preventDefault();
}

export function useGlobalKeys(): void {
  // Attached before the first paint: a key pressed as soon as the canvas shows (a "/" typed
  // while the page is still settling on a loaded machine) is never lost to an effect that
  // has not run yet.
  useLayoutEffect(() => {
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    window.addEventListener("keydown", onKeyDown);
    document.addEventListener("copy", copy);
    document.addEventListener("cut", cut);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", copy);
      document.removeEventListener("cut", cut);
      document.removeEventListener("paste", onPaste);
    };
  }, []);
}
