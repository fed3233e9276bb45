import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync, gzipSync } from "fflate";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  decodeMnist,
  encodeMnistRaw,
  fetchMnist,
  limitDataset,
  subsetByLabels,
} from "../../src/data/index.ts";
import { findMnistFile, readMnistFile } from "../../src/data/node-files.ts";
import type { Dataset } from "../../src/data/types.ts";
import { classCounts, datasetProblems, row } from "./helpers.ts";

let mnist: Dataset;
let fileBytes: Uint8Array;
beforeAll(() => {
  fileBytes = new Uint8Array(readFileSync(findMnistFile()));
  mnist = readMnistFile();
});

describe("mnist file", () => {
  it("is a compact gzip of a couple of MB at most", () => {
    expect(fileBytes[0]).toBe(0x1f);
    expect(fileBytes[1]).toBe(0x8b);
    expect(fileBytes.length).toBeLessThan(2.5e6);
  });

  it("decodes to 10,000 1x28x28 digits in [0, 1] with labels 0-9", () => {
    expect(datasetProblems(mnist)).toEqual([]);
    expect(mnist.n).toBe(10000);
    expect(mnist.xShape).toEqual([1, 28, 28]);
    expect(mnist.yShape).toEqual([]);
    expect(mnist.numClasses).toBe(10);
    expect(mnist.x.length).toBe(10000 * 784);
    expect(mnist.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    const counts = classCounts(mnist);
    expect(counts.every((c) => c > 800)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10000);
    // Real digits: mostly background with some ink.
    const ink = row(mnist, 0).filter((v) => v > 0.5).length;
    expect(ink).toBeGreaterThan(30);
    expect(ink).toBeLessThan(400);
  });

  it("has the fixed split: first 8,000 train, last 2,000 test, every digit in both", () => {
    expect(mnist.split.train.length).toBe(8000);
    expect(mnist.split.test.length).toBe(2000);
    expect(mnist.split.train[0]).toBe(0);
    expect(mnist.split.train[7999]).toBe(7999);
    expect(mnist.split.test[0]).toBe(8000);
    expect(classCounts(mnist, mnist.split.test).every((c) => c > 150)).toBe(true);
  });

  it("holds the mnist package's pixels (first image matches a source digit)", () => {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve("mnist/package.json")), "src", "digits");
    const label = mnist.y[0];
    const { data } = JSON.parse(readFileSync(join(dir, `${label}.json`), "utf8")) as { data: number[] };
    const img = row(mnist, 0);
    let found = false;
    for (let off = 0; off < data.length && !found; off += 784) {
      found = img.every((v, p) => Math.abs(v - data[off + p]) < 0.001);
    }
    expect(found).toBe(true);
  });

  it("decodes uncompressed bytes too (servers may inflate .gz on the fly)", () => {
    const ds = decodeMnist(gunzipSync(fileBytes), { limit: 100 });
    expect(ds.n).toBe(100);
    expect(ds.split.train.length).toBe(80);
    expect([...ds.x.subarray(0, 784)]).toEqual([...mnist.x.subarray(0, 784)]);
  });
});

describe("mnist errors", () => {
  const tiny = () =>
    encodeMnistRaw({
      count: 2,
      rows: 2,
      cols: 2,
      pixels: new Uint8Array(8).fill(255),
      labels: Uint8Array.of(3, 7),
    });

  it("round-trips a tiny file", () => {
    const ds = decodeMnist(gzipSync(tiny()));
    expect(ds.n).toBe(2);
    expect(ds.xShape).toEqual([1, 2, 2]);
    expect([...ds.y]).toEqual([3, 7]);
    expect(ds.x.every((v) => v === 1)).toBe(true);
  });

  it("names a bad magic", () => {
    const bytes = tiny();
    bytes[0] = "X".charCodeAt(0);
    expect(() => decodeMnist(bytes)).toThrow(/mnist: bad magic "XGMN", expected "WGMN"/);
    expect(() => decodeMnist(new TextEncoder().encode("<!doctype html><html>"))).toThrow(/bad magic "<!do"/);
  });

  it("names a wrong version, a short file, sizes that disagree and bad labels", () => {
    const v = tiny();
    v[4] = 9;
    expect(() => decodeMnist(v)).toThrow(/unsupported version 9/);
    expect(() => decodeMnist(tiny().subarray(0, 10))).toThrow(/shorter than the 20-byte header/);
    expect(() => decodeMnist(tiny().subarray(0, 25))).toThrow(
      /25 bytes but the header \(count=2, 2x2\) implies 30/,
    );
    const count = tiny();
    count[8] = 200;
    expect(() => decodeMnist(count)).toThrow(/implies/);
    const label = tiny();
    label[label.length - 1] = 12;
    expect(() => decodeMnist(label)).toThrow(/label of image 1 is 12/);
    const gz = gzipSync(tiny());
    expect(() => decodeMnist(gz.subarray(0, gz.length - 12))).toThrow(/gzip data is corrupt/);
  });
});

describe("mnist subsets", () => {
  it("subsetByLabels keeps the split sides and remaps labels for transfer learning", () => {
    const low = subsetByLabels(mnist, [0, 1, 2, 3, 4]);
    const high = subsetByLabels(mnist, [5, 6, 7, 8, 9]);
    expect(datasetProblems(low)).toEqual([]);
    expect(datasetProblems(high)).toEqual([]);
    expect(low.n + high.n).toBe(10000);
    expect(low.numClasses).toBe(5);
    expect(high.classNames).toEqual(["5", "6", "7", "8", "9"]);
    expect(low.split.train.length + high.split.train.length).toBe(8000);
    expect(classCounts(high)).toEqual(classCounts(mnist).slice(5));
    // The first high-digit sample is the first original sample with label >= 5.
    let first = 0;
    while (mnist.y[first] < 5) first++;
    expect(high.y[0]).toBe(mnist.y[first] - 5);
    expect([...row(high, 0)]).toEqual([...row(mnist, first)]);
  });

  it("subsetByLabels with remap: false keeps digit labels", () => {
    const ds = subsetByLabels(mnist, [3, 8], { remap: false });
    expect(ds.numClasses).toBe(10);
    expect(new Set(ds.y)).toEqual(new Set([3, 8]));
  });

  it("limit keeps the 80:20 ratio and disjoint halves", () => {
    const ds = limitDataset(mnist, 500);
    expect(ds.n).toBe(500);
    expect(ds.split.train.length).toBe(400);
    expect(ds.split.test.length).toBe(100);
    expect(datasetProblems(ds)).toEqual([]);
    expect([...row(ds, 400)]).toEqual([...row(mnist, 8000)]);
    expect(subsetByLabels(mnist, [0, 1], { limit: 50 }).n).toBe(50);
  });

  it("rejects bad label lists", () => {
    expect(() => subsetByLabels(mnist, [])).toThrow(/labels is empty/);
    expect(() => subsetByLabels(mnist, [10])).toThrow(/label 10 is not a class of "mnist" \(0-9\)/);
    expect(() => subsetByLabels(mnist, [1, 1])).toThrow(/listed twice/);
  });
});

describe("fetchMnist", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("fetches /data/mnist.bin.gz and decodes it", async () => {
    const fetchMock = vi.fn(async () => new Response(new Blob([fileBytes.slice()])));
    vi.stubGlobal("fetch", fetchMock);
    const ds = await fetchMnist(undefined, { limit: 10 });
    expect(fetchMock).toHaveBeenCalledWith("/data/mnist.bin.gz");
    expect(ds.n).toBe(10);
  });

  it("reports an HTTP failure with the URL", async () => {
    vi.stubGlobal("fetch", async () => new Response("nope", { status: 404, statusText: "Not Found" }));
    await expect(fetchMnist("/x.bin.gz")).rejects.toThrow(
      "mnist: fetching /x.bin.gz failed with HTTP 404 Not Found",
    );
  });
});
