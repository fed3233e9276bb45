import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/compile/analyze";
import { makeDataset, readCsvHeader } from "../../src/data/index.ts";
import type { GraphDoc } from "../../src/graph/doc";
import { graphDocSchema } from "../../src/graph/schema";

// A person's own table inside the graph: the Dataset block named "csv" carries the CSV text,
// its shapes come from the header alone, and the CLI trains on it like on any other dataset.

/** Two classes of 3-feature points on either side of a plane, with a little deterministic jitter. */
function blobsCsv(n: number): string {
  const lines = ["height,width,depth,kind"];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const j = (k: number) => (((i * 7919 + k * 104729) % 1000) / 1000 - 0.5) * 0.8;
    const s = c === 0 ? -1 : 1;
    lines.push(
      [(s + j(1)).toFixed(3), (s * 0.5 + j(2)).toFixed(3), j(3).toFixed(3), c ? "big" : "small"].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

function csvGraph(csv: string, target: string, task: "classification" | "regression"): GraphDoc {
  const loss = task === "classification" ? "CrossEntropyLoss" : "MSELoss";
  return {
    format: "wiregrad-graph",
    version: 1,
    meta: { title: "my table" },
    nodes: [
      { id: "data", type: "Dataset", params: { name: "csv", csv, target, task }, position: { x: 0, y: 0 } },
      {
        id: "fc",
        type: "Linear",
        params: { out_features: task === "classification" ? 2 : 1 },
        position: { x: 200, y: 0 },
      },
      { id: "loss", type: loss, params: {}, position: { x: 400, y: 0 } },
      { id: "opt", type: "Adam", params: { lr: 0.05 }, position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: "e1", source: { node: "data", port: "x" }, target: { node: "fc", port: "in" } },
      { id: "e2", source: { node: "fc", port: "out" }, target: { node: "loss", port: "input" } },
      { id: "e3", source: { node: "data", port: "y" }, target: { node: "loss", port: "target" } },
      { id: "e4", source: { node: "loss", port: "loss" }, target: { node: "opt", port: "loss" } },
    ],
    training: { batch_size: 16, seed: 0, test_fraction: 0.25 },
  } as GraphDoc;
}

describe("the csv dataset", () => {
  it("builds from the block's params, and names every bad line", () => {
    const ds = makeDataset("csv", { csv: blobsCsv(40), target: "kind", task: "classification" });
    expect(ds.xShape).toEqual([3]);
    expect(ds.numClasses).toBe(2);
    expect(ds.classNames).toEqual(["big", "small"]);
    const bad = "a,b,y\n1,2,0\n3,x,1\n4,5\n";
    expect(() => makeDataset("csv", { csv: bad, target: "y" })).toThrow(
      'dataset "csv": line 3, column "b": "x" is not a number; line 4 has 2 fields, the header has 3',
    );
    expect(() => makeDataset("csv", { csv: "  ", target: "y" })).toThrow(/the table is empty/);
    expect(() => makeDataset("csv", { csv: bad, target: "y", task: "maybe" })).toThrow(
      /task must be one of classification, regression/,
    );
  });

  it("reads the header without reading the rows", () => {
    // Every row after the header is broken: the header alone must still come back.
    const broken = `"a, quoted",b,c\r\n${'1,"never closed\n'.repeat(50_000)}`;
    expect(readCsvHeader(broken)).toEqual({ ok: true, columns: ["a, quoted", "b", "c"] });
    expect(readCsvHeader("\n\n x , y \n1,2")).toEqual({ ok: true, columns: ["x", "y"] });
    expect(readCsvHeader("")).toMatchObject({ ok: false });
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) readCsvHeader(broken);
    // 1000 header reads of a 1 MB table: a full parse would take seconds.
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe("the Dataset block with a CSV", () => {
  it("gives x [B, features] and y class indices [B] or targets [B, 1], as the task says", () => {
    const csv = blobsCsv(20);
    const cls = analyze(csvGraph(csv, "kind", "classification"));
    expect(cls.problems).toEqual([]);
    expect(cls.nodes.get("data")!.shapes).toEqual({ x: ["B", 3], y: ["B"] });
    const reg = analyze(csvGraph("y,x1,x2\n0.5,1,2\n1.5,3,4\n", "y", "regression"));
    expect(reg.problems).toEqual([]);
    expect(reg.nodes.get("data")!.shapes).toEqual({ x: ["B", 2], y: ["B", 1] });
  });

  it("names the param when the target is not a column or the table is empty", () => {
    const wrong = analyze(csvGraph("a,b\n1,2\n", "c", "regression"));
    expect(wrong.problems).toContainEqual(
      expect.objectContaining({
        node: "data",
        param: "target",
        message: 'target: no column "c" in the table; columns are a, b',
      }),
    );
    const empty = analyze(csvGraph("", "c", "regression"));
    expect(empty.problems).toContainEqual(expect.objectContaining({ node: "data", param: "csv" }));
  });

  it("is a valid GraphDoc, so the schema (and public/graphdoc.schema.json) accepts it", () => {
    expect(graphDocSchema.safeParse(csvGraph(blobsCsv(10), "kind", "classification")).success).toBe(true);
  });
});

describe("wiregrad train on a graph with an embedded CSV", () => {
  const BIN = join(__dirname, "../../bin/wiregrad.mjs");
  const tmp = mkdtempSync(join(tmpdir(), "wiregrad-csv-"));
  const run = (doc: GraphDoc, name: string, ...args: string[]) => {
    const path = join(tmp, name);
    writeFileSync(path, JSON.stringify(doc));
    return spawnSync(process.execPath, [BIN, "train", path, ...args], { encoding: "utf8", timeout: 120_000 });
  };

  const lines = (r: ReturnType<typeof run>) => {
    expect(r.status, r.stderr).toBe(0);
    return r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, number>);
  };
  const blobs = csvGraph(blobsCsv(200), "kind", "classification");
  // The CPU run, shared by the two tests below whichever runs first.
  let cpuRun: Record<string, number>[] | undefined;
  const cpuLines = () => {
    cpuRun ??= lines(run(blobs, "blobs.json", "--steps", "150", "--json"));
    return cpuRun;
  };

  it("trains a classifier on the table to high test accuracy", () => {
    const cpu = cpuLines();
    expect(cpu.at(-1)!.step).toBe(150);
    expect(cpu.at(-1)!.loss).toBeLessThan(cpu[0].loss);
    expect(cpu.at(-1)!.test_accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("trains the same on WebGPU (--backend webgpu)", () => {
    const cpu = cpuLines();
    const gpu = lines(run(blobs, "blobs-gpu.json", "--steps", "150", "--json", "--backend", "webgpu"));
    expect(gpu.map((l) => l.step)).toEqual(cpu.map((l) => l.step));
    // Same batches and seed; float32 rounding differs by a few ulp per op (preset-parity.test.ts).
    gpu.forEach((l, k) => {
      expect(Math.abs(l.loss - cpu[k].loss) / cpu[k].loss).toBeLessThan(1e-4);
    });
    expect(gpu.at(-1)!.test_accuracy).toBe(cpu.at(-1)!.test_accuracy);
  });

  it("refuses a table with a bad row, naming the line, without a stack trace", () => {
    const csv = blobsCsv(10).replace(/\n([^\n]*)\n/, "\n$1\n1.0,oops,2,big\n");
    const r = run(csvGraph(csv, "kind", "classification"), "bad.json", "--steps", "5");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/line 3, column "width": "oops" is not a number/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
