// Whether a wire's shape label fits on the wire. Between blocks placed side by side it would
// sit on both blocks' ports; the shape is printed under the output port anyway, so it is
// left out there. The canvas and the SVG export use the same rule so they agree.

export function shapeLabelFits(dx: number, dy: number, text: string): boolean {
  const width = text.length * 7.6 + 22;
  // Room between the two ends: the label then clears both blocks horizontally.
  if (dx >= width + 16) return true;
  // A wire running back to the next row has its midpoint in the gap between the rows.
  return dx < 0 && Math.abs(dy) >= 120;
}
