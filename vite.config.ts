import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The e2e suite drives a fixed snapshot of the code: without this, a file saved while it runs
// (another engineer's preset, a block) reloads the page mid-test and wipes its undo history.
const e2e = process.env.WIREGRAD_E2E === "1";

export default defineConfig({
  plugins: [react()],
  build: { target: "es2022", chunkSizeWarningLimit: 2000 },
  worker: { format: "es" },
  server: e2e ? { hmr: false, watch: null } : {},
});
