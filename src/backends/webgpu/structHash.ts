// Numeric hashes of kernel structures for the kernel cache (kernelCache.ts memoStructure):
// FNV-1a-style mixing of the numbers a structure is made of, confirmed on a hit by comparing
// the structures field by field. Cheaper than building and hashing a text key per kernel,
// which a re-plan would otherwise do for every kernel of the graph.

export const HASH_START = 0x811c9dc5;

export const mix = (h: number, v: number): number => Math.imul(h ^ v, 0x01000193);

export function mixNumbers(h: number, xs: readonly number[]): number {
  h = mix(h, xs.length);
  for (let i = 0; i < xs.length; i++) h = mix(h, xs[i]);
  return h;
}

export function mixString(h: number, s: string): number {
  h = mix(h, s.length);
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

export const sameNumbers = (a: readonly number[], b: readonly number[]): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};
