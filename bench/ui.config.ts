// `npm run bench:ui`: the page-performance figures of issue 5 (frame rate and training
// throughput with views closed and open), measured in Chromium with the e2e set-up.
import { defineConfig } from "@playwright/test";
import base from "../playwright.config";

// The app's dev server, started from the project root (from bench/ Vite would serve the
// library benchmark's page instead).
const webServer = Array.isArray(base.webServer) ? base.webServer[0] : base.webServer;

export default defineConfig({
  ...base,
  testDir: "ui",
  outputDir: "../test-results/bench-ui",
  workers: 1,
  webServer: { ...webServer!, cwd: ".." },
});
