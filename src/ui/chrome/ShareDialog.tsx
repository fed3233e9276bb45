import { useState } from "react";
import { Dialog } from "./Dialog";

export function ShareDialog({ url, note }: { url: string; note?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Dialog title="Share this graph" testId="share-dialog">
      <p>The whole graph is inside the link, compressed. Nothing is uploaded anywhere.</p>
      <input
        className="param-input share-url"
        readOnly
        value={url}
        onFocus={(e) => e.target.select()}
        aria-label="Link to this graph"
        data-testid="share-url"
      />
      <p className="muted small">{url.length.toLocaleString("en-US")} characters</p>
      {note && <p className="note">{note}</p>}
      <div className="inspector-actions">
        <button type="button" className="primary" onClick={copy}>
          {copied ? "Copied" : "Copy link"}
        </button>
      </div>
    </Dialog>
  );
}
