import { NONFINITE_WGSL, usesNonfinite } from "./format";
import { withMath } from "./math";
import { RNG_WGSL, usesRng } from "./rng";

/**
 * Assembles a complete WGSL module: declarations and the entry point, preceded by exactly
 * the helpers they use (RNG, maths, non-finite constants), so each kernel compiles only what
 * it needs and equal kernels produce equal text (the pipeline cache's key).
 */
export function shader(decls: string, body: string): string {
  let code = `${decls}\n${body}`;
  if (usesRng(code)) code = `${RNG_WGSL}\n${code}`;
  code = withMath(code);
  if (usesNonfinite(code)) code = `${NONFINITE_WGSL}\n${code}`;
  return `${code}\n`;
}
