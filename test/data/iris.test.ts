import { describe, expect, it } from "vitest";
import { iris } from "../../src/data/index.ts";
import { classCounts, datasetProblems, knnAccuracy } from "./helpers.ts";

describe("iris", () => {
  it("has 150 samples, 4 features and 3 balanced classes", () => {
    const ds = iris();
    expect(datasetProblems(ds)).toEqual([]);
    expect(ds.n).toBe(150);
    expect(ds.xShape).toEqual([4]);
    expect(ds.numClasses).toBe(3);
    expect(ds.classNames).toEqual(["setosa", "versicolor", "virginica"]);
    expect(ds.featureNames).toEqual(["sepal_length", "sepal_width", "petal_length", "petal_width"]);
    expect(classCounts(ds)).toEqual([50, 50, 50]);
    expect(ds.split.test.length).toBe(30);
    expect(classCounts(ds, ds.split.test)).toEqual([10, 10, 10]);
  });

  it("standardises features with training statistics", () => {
    const ds = iris();
    for (let j = 0; j < 4; j++) {
      let mean = 0;
      let sq = 0;
      for (const i of ds.split.train) mean += ds.x[i * 4 + j];
      mean /= ds.split.train.length;
      for (const i of ds.split.train) sq += (ds.x[i * 4 + j] - mean) ** 2;
      expect(mean).toBeCloseTo(0, 5);
      expect(Math.sqrt(sq / ds.split.train.length)).toBeCloseTo(1, 4);
    }
  });

  it("the split follows the seed", () => {
    expect(iris({ seed: 5 }).split).toEqual(iris({ seed: 5 }).split);
    expect(iris({ seed: 5 }).split.test).not.toEqual(iris({ seed: 6 }).split.test);
    expect(iris({ test_fraction: 0.4 }).split.test.length).toBe(60);
    expect(() => iris({ noise: 1 })).toThrow(/iris.*unknown parameter "noise"/);
  });

  it("is learnable (5-NN > 90 % averaged over splits; one split has only 30 test flowers)", () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7];
    const mean = seeds.reduce((s, seed) => s + knnAccuracy(iris({ seed })), 0) / seeds.length;
    expect(mean).toBeGreaterThan(0.9);
  });
});
