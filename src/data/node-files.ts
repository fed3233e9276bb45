/**
 * The only file in src/data that uses Node APIs (fs, path, url). Browser code must not
 * import it (src/data/index.ts does not re-export it); the CLI and tests do.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeMnist, type MnistOptions } from "./mnist.ts";
import type { Dataset } from "./types.ts";

const MNIST_RELATIVE = join("public", "data", "mnist.bin.gz");

/**
 * Walks up from this module to the first folder holding public/data/mnist.bin.gz, so
 * it works from src/data (tsx, vitest) and from a bundled CLI in another folder.
 */
export function findMnistFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, MNIST_RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `mnist: ${MNIST_RELATIVE} not found above ${fileURLToPath(import.meta.url)}; run npm run gen:mnist`,
      );
    }
    dir = parent;
  }
}

export function readMnistFile(path: string = findMnistFile(), options: MnistOptions = {}): Dataset {
  return decodeMnist(new Uint8Array(readFileSync(path)), options);
}
