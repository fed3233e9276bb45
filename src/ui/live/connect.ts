// Wires the live views to the page once: hidden views → live.watchNodes, the inspector's
// history recorder, and in development a handle for tests (`window.__wiregrad.live`), so a
// Playwright test can inject a snapshot without a running worker.
import { editor, live } from "../app/session";
import { connectHistory } from "./history";
import { connectViewPrefs } from "./viewPrefs";

declare global {
  interface Window {
    __wiregrad?: Record<string, unknown>;
  }
}

export function connectLiveViews(): void {
  connectViewPrefs();
  connectHistory();
  if (import.meta.env.DEV) window.__wiregrad = { ...window.__wiregrad, live, editor };
}
