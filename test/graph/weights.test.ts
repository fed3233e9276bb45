import { describe, expect, it } from "vitest";
import { loadGraphDoc } from "../../src/graph/load";
import { decodeWeight, encodeWeight, shapeSize, shortestFloat32 } from "../../src/graph/weights";
import { rawMlp } from "./fixtures";

// Values that exercise rounding, sign, subnormals and the float32 extremes. (Not -0: JSON
// writes it as 0, so only the base64 form keeps the sign of zero.)
const values = [0, 7, 1, -1.5, 0.1, 1 / 3, Math.PI, -1e-30, 1.4e-45, 3.4028234663852886e38, 123456.789, -2];

describe("weights", () => {
  it("base64 weights decode to the same numbers as the plain array form", () => {
    const shape = [3, 4];
    const asArray = encodeWeight(shape, values, "array");
    const asBase64 = encodeWeight(shape, values, "base64");
    expect("data" in asArray).toBe(true);
    expect("base64" in asBase64).toBe(true);
    const expected = Float32Array.from(values);
    expect(decodeWeight(asArray)).toEqual(expected);
    expect(decodeWeight(asBase64)).toEqual(expected);
  });

  it("base64 is little-endian float32", () => {
    // 1.0f = 0x3F800000, -2.0f = 0xC0000000, stored least significant byte first.
    expect(encodeWeight([2], [1, -2], "base64")).toEqual({
      shape: [2],
      dtype: "float32",
      base64: "AACAPwAAAMA=",
    });
    expect(decodeWeight({ shape: [2], dtype: "float32", base64: "AACAPwAAAMA=" })).toEqual(
      Float32Array.from([1, -2]),
    );
  });

  it("both forms survive a save and load through a document", () => {
    const raw = rawMlp();
    const data = Array.from({ length: 8 }, (_, i) => Math.sin(i) * 10);
    raw.nodes[1].weights = {
      a: encodeWeight([2, 4], data, "array"),
      b: encodeWeight([2, 4], data, "base64"),
    };
    const result = loadGraphDoc(JSON.parse(JSON.stringify(raw)));
    if (!result.ok) throw new Error(result.problems[0].message);
    const { a, b } = result.doc.nodes[1].weights ?? {};
    expect(decodeWeight(a)).toEqual(decodeWeight(b));
    expect(decodeWeight(a)).toEqual(Float32Array.from(data));
  });

  it("writes array data with the fewest digits that give the same float32", () => {
    expect(encodeWeight([3], Float32Array.from([0.1, 1 / 3, 2]), "array")).toEqual({
      shape: [3],
      data: [0.1, 0.33333334, 2],
    });
    for (const v of values) expect(Math.fround(shortestFloat32(v))).toBe(Math.fround(v) || 0);
  });

  it("handles large tensors and scalars", () => {
    const big = Float32Array.from({ length: 100_000 }, (_, i) => i / 7);
    expect(decodeWeight(encodeWeight([100, 1000], big, "base64"))).toEqual(big);
    expect(shapeSize([])).toBe(1);
    expect(decodeWeight(encodeWeight([], [5], "base64"))).toEqual(Float32Array.from([5]));
  });

  it("refuses data that does not fit the shape or JSON", () => {
    expect(() => encodeWeight([2, 2], [1, 2, 3])).toThrow("got 3 values but shape [2, 2] needs 4");
    expect(() => encodeWeight([1], [Number.NaN], "array")).toThrow("use base64");
    expect(decodeWeight(encodeWeight([1], [Number.NaN], "base64"))[0]).toBeNaN();
    expect(() => decodeWeight({ shape: [3], data: [1, 2] })).toThrow("needs 3");
    expect(() => decodeWeight({ shape: [3], dtype: "float32", base64: "AACAPw==" })).toThrow("needs 12");
  });
});
