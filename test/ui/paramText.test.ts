import { describe, expect, it } from "vitest";
import { Conv2d } from "../../nodes/Conv2d";
import { Input } from "../../nodes/Input";
import { Linear } from "../../nodes/Linear";
import type { ParamSpec } from "../../nodes/types";
import { readParam, showParam } from "../../src/ui/inspector/paramText";

const spec = (params: readonly unknown[], name: string) =>
  (params as ParamSpec[]).find((p) => p.name === name)!;

describe("inspector fields: validation as you type", () => {
  it("reads numbers against their range and kind", () => {
    const out = spec(Linear.params, "out_features");
    expect(readParam(out, "16")).toEqual({ ok: true, value: 16 });
    expect(readParam(out, "1.5")).toMatchObject({ ok: false, error: expect.stringMatching(/whole number/) });
    expect(readParam(out, "0")).toMatchObject({ ok: false, error: expect.stringMatching(/≥ 1/) });
    expect(readParam(out, "abc")).toMatchObject({ ok: false, error: expect.stringMatching(/not a number/) });
    expect(readParam(out, "")).toMatchObject({ ok: false });
  });

  it("reads shapes and pairs the way PyTorch writes them", () => {
    const shape = spec(Input.params, "shape");
    expect(readParam(shape, "1, 28, 28")).toEqual({ ok: true, value: [1, 28, 28] });
    expect(readParam(shape, "[3 32 32]")).toEqual({ ok: true, value: [3, 32, 32] });
    expect(readParam(shape, "3, -1")).toMatchObject({ ok: false });
    expect(showParam(shape, [1, 28, 28])).toBe("1, 28, 28");
    const k = spec(Conv2d.params, "kernel_size");
    expect(readParam(k, "3")).toEqual({ ok: true, value: 3 });
    expect(readParam(k, "3, 5")).toEqual({ ok: true, value: [3, 5] });
    expect(readParam(k, "3, 5, 7")).toMatchObject({ ok: false });
  });
});
