#!/usr/bin/env node
// The `wiregrad` command: runs the TypeScript CLI through tsx's loader, so the CLI and the
// app share one source tree with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
// Commands on WebGPU return a Promise of the exit code (its API is asynchronous).
process.exitCode = await main(process.argv.slice(2));
