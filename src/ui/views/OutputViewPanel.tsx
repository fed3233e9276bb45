// Draws the current output view of the run (stub: owned by the output-views work).
export function OutputViewPanel() {
  return null;
}
