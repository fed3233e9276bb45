import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLaunchOptions } from "../../src/ui/state/launchOptions";
import { findPreset, listPresets } from "../../src/ui/state/presets";

describe("presets gallery and launch options", () => {
  it("bundles every file in presets/", () => {
    const files = readdirSync(join(__dirname, "../../presets")).filter((f) => f.endsWith(".json"));
    expect(
      listPresets()
        .map((p) => `${p.name}.json`)
        .sort(),
    ).toEqual(files.sort());
    expect(findPreset("xor-mlp")?.doc?.nodes.length).toBeGreaterThan(0);
    expect(findPreset("xor-mlp")?.topic).toBe("MLPs");
  });

  it("reads ?present, ?embed, ?preset, ?theme and the shared graph in the hash", () => {
    expect(readLaunchOptions("?present=1&preset=xor-mlp&theme=dark", "#g=abc")).toEqual({
      present: true,
      embed: false,
      preset: "xor-mlp",
      theme: "dark",
      shared: "abc",
    });
    expect(readLaunchOptions("?present=0&embed", "")).toMatchObject({
      present: false,
      embed: true,
      theme: null,
    });
  });
});
