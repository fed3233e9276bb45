import { useEffect } from "react";
import { useView, view } from "../app/session";

/** A short message at the bottom of the screen (a refused wire, a file opened); it fades after a few seconds. */
export function NoticeBar() {
  const notice = useView((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => {
      if (view.getState().notice?.id === notice.id) view.setState({ notice: null });
    }, 4500);
    return () => clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.tone}`} role="status" data-testid="notice">
      {notice.text}
    </div>
  );
}
