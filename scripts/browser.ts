// The Chromium the tests, the bench and the profiling scripts open: $CHROMIUM_PATH, then a
// system Chromium or Chrome, else undefined (Playwright's own download).

import { existsSync } from "node:fs";

export function browserPath(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
  ];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
}
