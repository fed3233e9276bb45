// Dead ReLUs: a unit whose input is negative for every sample outputs 0 everywhere and passes
// no gradient back, so it never recovers on its own. A unit is a feature for [B, U] (the last
// axis) and a channel for conv maps [B, C, H, W] (a filter that never fires anywhere).

/** Fraction of units never positive over the batch (and over all positions of a map). */
export function deadFraction(data: ArrayLike<number>, shape: readonly number[]): number {
  if (shape.length < 2) return 0;
  const channelAxis = shape.length === 4 ? 1 : shape.length - 1;
  const units = shape[channelAxis];
  const inner = shape.slice(channelAxis + 1).reduce((p, d) => p * d, 1);
  const alive = new Uint8Array(units);
  for (let i = 0; i < data.length; i++) {
    if (data[i] > 0) alive[Math.floor(i / inner) % units] = 1;
  }
  let dead = 0;
  for (let u = 0; u < units; u++) if (!alive[u]) dead++;
  return units ? dead / units : 0;
}
