/** A pair param (kernel_size=3 or [3, 5]) as [h, w], as PyTorch's _pair does. */
export function pair(v: unknown): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1])];
  return [Number(v), Number(v)];
}
