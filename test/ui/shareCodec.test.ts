import { describe, expect, it } from "vitest";
import { serializeGraphDoc } from "../../src/graph/load";
import { decodeShare, encodeShare, shareCodeIn, shareUrl } from "../../src/ui/state/shareCodec";
import { doc, e, n } from "../helpers/docs";

describe("share links: the GraphDoc deflated into the URL hash", () => {
  const d = doc(
    [n("x", "Input", { shape: [784] }), n("fc1", "Linear", { out_features: 10 })],
    [e("x.out", "fc1.in")],
  );

  it("round-trips a graph through a URL, URL-safe and compact", () => {
    const url = shareUrl("http://host/app/?present=1#old", d);
    expect(url.startsWith("http://host/app/?present=1#g=")).toBe(true);
    const code = shareCodeIn(new URL(url).hash)!;
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    const r = decodeShare(code);
    expect(r.ok && serializeGraphDoc(r.doc)).toBe(serializeGraphDoc(d));
  });

  it("compresses a 100-block graph well below the text size", () => {
    const big = doc(
      Array.from({ length: 100 }, (_, i) => n(`fc${i}`, "Linear", { out_features: 16 })),
      [],
    );
    expect(encodeShare(big).length).toBeLessThan(serializeGraphDoc(big).length / 5);
  });

  it("reports a damaged link as a problem instead of throwing", () => {
    const r = decodeShare("not-a-graph");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(/damaged|shared link/);
    expect(shareCodeIn("#x=1")).toBeNull();
  });
});
