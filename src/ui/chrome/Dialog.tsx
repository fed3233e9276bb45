// A modal dialog: a title, a close button, Escape closes it (the global key handler), and
// focus moves into it when it opens so keyboard users land where the content is.
import { type ReactNode, useEffect, useRef } from "react";
import { view } from "../app/session";

export function Dialog({
  title,
  children,
  wide,
  testId,
}: {
  title: string;
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>("[autofocus], button, input, a")?.focus();
    return () => previous?.focus?.();
  }, []);
  const close = () => view.getState().open(null);
  return (
    <div className="dialog-backdrop">
      <div
        ref={box}
        className={`dialog${wide ? " dialog-wide" : ""}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
      >
        <header className="dialog-head">
          <h2>{title}</h2>
          <button
            type="button"
            className="icon-button"
            onClick={close}
            aria-label="Close"
            data-testid="dialog-close"
          >
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  );
}
