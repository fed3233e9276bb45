// Colour scales for the live views. Activations use the Playground's diverging orange–blue
// (negative orange, positive blue, zero near white) so a lecturer's audience who has seen
// playground.tensorflow.org reads them at once; gradients use purple–green so the two views
// are never confused; images are grey.

type Rgb = [number, number, number];

const NEG: Rgb = [245, 147, 34];
const MID: Rgb = [244, 244, 240];
const POS: Rgb = [8, 119, 189];
const GNEG: Rgb = [123, 50, 148];
const GPOS: Rgb = [27, 120, 55];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export type Palette = "activation" | "gradient";

/** v in [−1, 1] (clamped) → RGB; NaN → red, so a broken value is seen, not hidden. */
export function diverging(v: number, palette: Palette = "activation"): Rgb {
  if (!Number.isFinite(v)) return [220, 30, 30];
  const t = Math.max(-1, Math.min(1, v));
  const [neg, pos] = palette === "gradient" ? [GNEG, GPOS] : [NEG, POS];
  return t < 0 ? mix(MID, neg, -t) : mix(MID, pos, t);
}

export function grey(t: number): Rgb {
  if (!Number.isFinite(t)) return [220, 30, 30];
  const g = 255 * (1 - Math.max(0, Math.min(1, t)));
  return [g, g, g];
}

export const css = ([r, g, b]: Rgb) => `rgb(${r | 0} ${g | 0} ${b | 0})`;

/** The largest |v| among the finite values, or 1 when there is none (keeps scales defined). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (Number.isFinite(a) && a > m) m = a;
  }
  return m || 1;
}
