import { describe, expect, it } from "vitest";
import { parseCsvDataset } from "../../src/data/index.ts";
import { datasetProblems } from "./helpers.ts";

const IRISH = `sepal_length,sepal_width,petal_length,petal_width,species
5.1,3.5,1.4,0.2,setosa
4.9,3.0,1.4,0.2,setosa
7.0,3.2,4.7,1.4,versicolor
6.4,3.2,4.5,1.5,versicolor
6.3,3.3,6.0,2.5,virginica
5.8,2.7,5.1,1.9,virginica
`;

function ok(result: ReturnType<typeof parseCsvDataset>) {
  if (!result.ok) throw new Error(`expected success, got: ${result.errors.join(" | ")}`);
  return result.dataset;
}

function errors(result: ReturnType<typeof parseCsvDataset>): string[] {
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("parseCsvDataset: good input", () => {
  it("reads a classification table with string labels mapped in sorted order", () => {
    const ds = ok(parseCsvDataset(IRISH, { target: "species", test_fraction: 0 }));
    expect(datasetProblems(ds)).toEqual([]);
    expect(ds.task).toBe("classification");
    expect(ds.n).toBe(6);
    expect(ds.xShape).toEqual([4]);
    expect(ds.featureNames).toEqual(["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    expect(ds.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect([...ds.y]).toEqual([0, 0, 1, 1, 2, 2]);
    expect(ds.x[4]).toBeCloseTo(4.9);
  });

  it("accepts a target column index anywhere, quotes, CRLF, BOM, blank lines and spaces", () => {
    const text = '\uFEFFlabel,"a, with comma",b\r\n"yes", 1.5 ,-2e-1\r\n\r\nno,3,".5"\r\nyes,+4,6\r\n';
    const ds = ok(parseCsvDataset(text, { target: 0 }));
    expect(ds.featureNames).toEqual(["a, with comma", "b"]);
    expect(ds.classNames).toEqual(["no", "yes"]);
    expect([...ds.y]).toEqual([1, 0, 1]);
    expect([...ds.x]).toEqual([1.5, -0.2, 3, 0.5, 4, 6].map(Math.fround));
  });

  it("infers regression for real-valued targets and classification for few integer labels", () => {
    const reg = ok(parseCsvDataset("x,y\n1,0.5\n2,1.5\n3,2.25\n4,3.1\n", { target: "y" }));
    expect(reg.task).toBe("regression");
    expect(reg.yShape).toEqual([1]);
    expect([...reg.y]).toEqual([0.5, 1.5, 2.25, 3.1].map(Math.fround));
    const cls = ok(parseCsvDataset("x,y\n1,10\n2,9\n3,10.0\n4,2\n", { target: "y" }));
    expect(cls.task).toBe("classification");
    // Numeric labels sort by value and "10" / "10.0" are one class.
    expect(cls.classNames).toEqual(["2", "9", "10"]);
    expect([...cls.y]).toEqual([2, 1, 2, 0]);
    const forced = ok(parseCsvDataset("x,y\n1,0\n2,1\n", { target: "y", task: "regression" }));
    expect(forced.task).toBe("regression");
  });

  it("splits with the seed, stratified for classes", () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},${i % 2 ? "odd" : "even"}`).join("\n");
    const text = `v,parity\n${rows}`;
    const a = ok(parseCsvDataset(text, { target: "parity", seed: 3 }));
    const b = ok(parseCsvDataset(text, { target: "parity", seed: 3 }));
    const c = ok(parseCsvDataset(text, { target: "parity", seed: 4 }));
    expect(a.split).toEqual(b.split);
    expect(a.split.test).not.toEqual(c.split.test);
    expect(a.split.test.length).toBe(20);
    expect([...a.split.test].filter((i) => a.y[i] === 0).length).toBe(10);
  });
});

describe("parseCsvDataset: bad input", () => {
  it("names the row and column of a value that is not a number", () => {
    const bad = IRISH.replace("6.4,3.2,4.5,1.5", "6.4,3.2,4.5,abc");
    expect(errors(parseCsvDataset(bad, { target: "species" }))).toEqual([
      'line 5, column "petal_width": "abc" is not a number',
    ]);
  });

  it("reports empty cells, ragged rows and strict numbers", () => {
    const text = "a,b,y\n1,,0\n1,2\n0x10,Infinity,1\n1,2,\n";
    expect(errors(parseCsvDataset(text, { target: "y" }))).toEqual([
      'line 2, column "b": empty cell',
      "line 3 has 2 fields, the header has 3",
      'line 4, column "a": "0x10" is not a number',
      'line 4, column "b": "Infinity" is not a number',
      'line 5, column "y": empty target',
    ]);
  });

  it("reports a missing target, header problems and empty files", () => {
    expect(errors(parseCsvDataset("a,b\n1,2\n", { target: "label" }))).toEqual([
      'target column "label" not found; columns are: a, b',
    ]);
    expect(errors(parseCsvDataset("a,b\n1,2\n", { target: 5 }))[0]).toMatch(/index 5 is out of range/);
    expect(errors(parseCsvDataset("a,a,\n1,2,3\n", { target: "a" }))).toEqual([
      'column name "a" appears twice (columns 1 and 2)',
      "column 3 has an empty header",
    ]);
    expect(errors(parseCsvDataset("", { target: "y" }))[0]).toMatch(/empty/);
    expect(errors(parseCsvDataset("x,y\n", { target: "y" }))).toEqual(["no data rows after the header"]);
    expect(errors(parseCsvDataset("y\n1\n2\n", { target: "y" }))[0]).toMatch(/at least one feature column/);
    expect(errors(parseCsvDataset('x,y\n1,"open\n', { target: "y" }))).toEqual([
      "line 2: a quoted field is never closed",
    ]);
  });

  it("rejects non-numeric regression targets and single-class targets", () => {
    expect(errors(parseCsvDataset("x,y\n1,2\n2,big\n", { target: "y", task: "regression" }))).toEqual([
      'line 3, column "y": "big" is not a number (task is regression)',
    ]);
    expect(errors(parseCsvDataset("x,y\n1,a\n2,a\n", { target: "y" }))).toEqual([
      'target column "y" has only one class ("a")',
    ]);
  });

  it("lists at most 20 problems", () => {
    const rows = Array.from({ length: 50 }, () => "x,0").join("\n");
    const errs = errors(parseCsvDataset(`a,y\n${rows}`, { target: "y" }));
    expect(errs).toHaveLength(20);
    expect(errs[0]).toBe('line 2, column "a": "x" is not a number');
    expect(errs[19]).toBe("... and 31 more problems");
  });
});
