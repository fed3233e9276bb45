import { describe, expect, it } from "vitest";
import { autoLayout } from "../../src/ui/state/autoLayout";
import { doc, e, n } from "../helpers/docs";

describe("auto-layout with elkjs", () => {
  it("places a chain left to right without overlaps", async () => {
    const d = doc(
      [n("loss", "MSELoss"), n("fc1", "Linear"), n("x", "Input"), n("act", "ReLU"), n("y", "Input")],
      [e("x.out", "fc1.in"), e("fc1.out", "act.in"), e("act.out", "loss.input"), e("y.out", "loss.target")],
    );
    const p = await autoLayout(d, { fc1: { width: 220, height: 120 } });
    expect(p.x.x).toBeLessThan(p.fc1.x);
    expect(p.fc1.x + 220).toBeLessThan(p.act.x);
    expect(p.act.x).toBeLessThan(p.loss.x);
    expect(p.y.x).toBeLessThan(p.loss.x);
  });
});
