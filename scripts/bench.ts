// npm run bench [-- --quick] [-- --only=1,4] [-- --libs=wiregrad-webgpu,jax-webgpu] [-- --runs=N]
//               [-- --port=N] [-- --max-minutes=M]
//
// Starts Vite on the benchmark page (bench/), opens it in one headless Chromium with WebGPU,
// waits for every workload, prints the tables, the issue's targets and one JSON object, and
// writes the JSON to bench/results/latest.json. Exits 1 when there is no WebGPU adapter, the
// page fails, or wiregrad itself fails a workload; a peer's failure is shown in its cell.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createServer } from "vite";
import { evaluateTargets, formatTables, formatTargets } from "../bench/report";
import type { BenchResult } from "../bench/types";
import { browserPath } from "./browser";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = args.includes("--quick");
const only = flag("only");
const libs = flag("libs");
const runs = flag("runs");
const port = Number(flag("port") ?? process.env.BENCH_PORT ?? 5201);
// On a busy machine a full run can take much longer than its ~12 minutes; past this the
// workloads finished so far are reported, marked incomplete, and the exit code is 1.
const maxMinutes = Number(flag("max-minutes") ?? 60);

// The same browser lookup (scripts/browser.ts) and flags as playwright.config.ts, so the bench sees the adapter the tests see.
const BROWSER_ARGS = [
  "--no-sandbox",
  "--enable-unsafe-webgpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const started = Date.now();
  const server = await createServer({
    root,
    configFile: join(root, "vite.config.ts"),
    logLevel: "warn",
    clearScreen: false,
    // Its own dependency cache: the e2e servers of other runs may be optimising theirs.
    cacheDir: join(root, "node_modules/.vite-bench"),
    // Pre-bundle TF.js and jax-js before the page asks, so it is not reloaded halfway.
    optimizeDeps: { entries: ["bench/index.html"] },
    // A fixed snapshot of the code: a file saved during the run must not reload the page.
    server: { host: "127.0.0.1", port, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const base = server.resolvedUrls?.local[0];
  if (!base) fail("Vite did not report a local URL");
  const q = new URLSearchParams();
  if (quick) q.set("quick", "1");
  if (only) q.set("only", only);
  if (libs) q.set("libs", libs);
  if (runs) q.set("runs", runs);
  const url = `${base}bench/?${q}`;
  process.stderr.write(`bench: ${url}\n`);

  const browser = await chromium.launch({
    executablePath: browserPath(),
    headless: true,
    args: BROWSER_ARGS,
  });
  let result: BenchResult;
  try {
    const page = await browser.newPage();
    page.on("console", (m) => {
      const t = m.text();
      if (t.startsWith("[bench]")) process.stderr.write(`${t}\n`);
      else if (m.type() === "error") process.stderr.write(`[page error] ${t}\n`);
    });
    page.on("pageerror", (e) => process.stderr.write(`[page exception] ${e.message}\n`));
    const crashed = new Promise<never>((_, reject) =>
      page.on("crash", () => reject(new Error("the page crashed"))),
    );
    await page.goto(url);
    let timedOut = false;
    await Promise.race([
      page.waitForFunction(() => window.__bench?.done, null, { timeout: maxMinutes * 60_000, polling: 1000 }),
      crashed,
    ]).catch((e: unknown) => {
      if (!(e instanceof Error && e.name === "TimeoutError")) throw e;
      timedOut = true;
    });
    const out = await page.evaluate(() => window.__bench!);
    if (out.error) fail(out.error);
    if (timedOut) {
      if (!out.partial) fail(`no workload finished within --max-minutes=${maxMinutes}`);
      result = out.partial;
      result.meta.incomplete = `stopped waiting after ${maxMinutes} min; later workloads are missing`;
    } else if (!out.result) fail("the page finished without a result");
    else result = out.result;
  } finally {
    await browser.close();
    await server.close();
  }
  result.meta.wallMs = Date.now() - started;
  const targets = evaluateTargets(result);
  const json = { ...result, targets };
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/latest.json"), `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`${formatTables(result)}\n\n${formatTargets(targets)}\n\n`);
  process.stdout.write(`${JSON.stringify(json)}\n`);
  process.stderr.write(
    `bench: ${((Date.now() - started) / 1000).toFixed(0)} s; JSON written to bench/results/latest.json\n`,
  );
  const broken = [...result.train.flatMap((w) => w.cells), ...result.matmul].filter(
    (c) => c.lib.startsWith("wiregrad") && c.error,
  );
  if (result.meta.incomplete) fail(`INCOMPLETE: ${result.meta.incomplete}`);
  if (result.graph?.error) fail(`wiregrad failed workload 5: ${result.graph.error}`);
  if (broken.length) fail(`wiregrad failed: ${broken.map((c) => `${c.lib}: ${c.error}`).join("; ")}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)),
);
