// The backend notice's lead: what reads from the back row before the figures give way.
import { describe, expect, it } from "vitest";
import { splitReason } from "../../src/ui/run/backendReason";

describe("the backend notice's lead", () => {
  it("splits each reason createTrainSession gives into a short lead and its figures", () => {
    expect(splitReason("CPU is faster here — google/swiftshader: 7.7e+4 FLOPs and 43 dispatches")).toEqual({
      lead: "CPU is faster here",
      detail: "google/swiftshader: 7.7e+4 FLOPs and 43 dispatches",
    });
    expect(splitReason("the WebGPU backend was requested: google/swiftshader (software)")).toEqual({
      lead: "As chosen",
      detail: "google/swiftshader (software)",
    });
    expect(splitReason("the CPU backend was requested")).toEqual({ lead: "As chosen", detail: "" });
    expect(splitReason("no WebGPU adapter: this browser offers no WebGPU adapter")).toEqual({
      lead: "No WebGPU adapter",
      detail: "this browser offers no WebGPU adapter",
    });
  });
});
