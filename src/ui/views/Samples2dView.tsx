// A GAN on a 2-D distribution: the real points and the generator's points in one plane.
import type { OutputView } from "../../train/live/types";
import { Axes, BLUE, dotsPath, Legend, legendRoom, makeFrame, ORANGE, rangeOf, type Size } from "./plot";

type View = Extract<OutputView, { kind: "samples-2d" }>;

export function Samples2dView({ view: v, size, font }: { view: View; size: Size; font: number }) {
  const all = [...v.real, ...v.generated];
  const f = makeFrame(size, rangeOf(all, 2, 0, 0.08), rangeOf(all, 2, 1, 0.08), {
    font,
    right: legendRoom(["generated"], font),
  });
  const r = Math.max(2.5, font * 0.25);
  const dots = (pts: Float32Array, color: string) => {
    const n = pts.length / 2;
    const d = dotsPath(
      Array.from({ length: n }, (_, i) => f.x(pts[2 * i])),
      Array.from({ length: n }, (_, i) => f.y(pts[2 * i + 1])),
      r,
    );
    return <path d={d} fill={color} opacity={0.7} />;
  };
  return (
    <svg
      width={size.width}
      height={size.height}
      className="ov-svg"
      role="img"
      aria-label="real and generated points"
      data-testid="ov-samples-2d"
    >
      <Axes f={f} font={font} xLabel="x" yLabel="y" />
      {dots(v.real, ORANGE)}
      {dots(v.generated, BLUE)}
      <Legend
        x={f.left + f.width + font}
        y={f.top + font}
        font={font}
        entries={[
          { name: "real", color: ORANGE },
          { name: "generated", color: BLUE },
        ]}
      />
    </svg>
  );
}
