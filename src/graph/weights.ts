// Weight tensors in a GraphDoc: plain number arrays (readable, diffable, always loadable) or
// little-endian float32 in base64 (a quarter of the size, exact bits).
import { base64ToBytes, bytesToBase64 } from "./base64";
import type { WeightTensor } from "./doc";

export type WeightForm = "array" | "base64";

/** Number of elements of a tensor; a scalar (shape []) has one. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

// Explicit little-endian through DataView: a Float32Array view would use the machine's order.
export function decodeWeight(w: WeightTensor): Float32Array {
  const size = shapeSize(w.shape);
  if ("data" in w) {
    if (w.data.length !== size) {
      throw new Error(`weight has ${w.data.length} values but shape ${formatShape(w.shape)} needs ${size}`);
    }
    return Float32Array.from(w.data);
  }
  const bytes = base64ToBytes(w.base64);
  if (bytes.length !== size * 4) {
    throw new Error(
      `weight has ${bytes.length} bytes but shape ${formatShape(w.shape)} needs ${size * 4} (${size} float32)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * The shortest decimal that reads back as the same float32. Without this, Float32Array values
 * print with double precision (0.1 becomes 0.10000000149011612) and files grow threefold.
 */
export function shortestFloat32(x: number): number {
  const target = Math.fround(x);
  const fits = (digits: number) => Math.fround(Number(target.toPrecision(digits))) === target;
  // If d digits read back exactly, so do d + 1 (the d-digit value is one of them), so the
  // search can bisect; nine significant digits always suffice for float32.
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Number(target.toPrecision(lo));
}

export function encodeWeight(
  shape: readonly number[],
  data: ArrayLike<number>,
  form: WeightForm = "array",
): WeightTensor {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`invalid shape ${formatShape(shape)}`);
  }
  const size = shapeSize(shape);
  if (data.length !== size) {
    throw new Error(`got ${data.length} values but shape ${formatShape(shape)} needs ${size}`);
  }
  if (form === "array") {
    const values = Array.from(data, (x, i) => {
      // JSON has no NaN or Infinity; the base64 form can carry them.
      if (!Number.isFinite(Math.fround(x))) {
        throw new Error(`value ${i} is ${x}, which as float32 JSON cannot hold; use base64`);
      }
      return shortestFloat32(x);
    });
    return { shape: [...shape], data: values };
  }
  const bytes = new Uint8Array(size * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < size; i++) view.setFloat32(i * 4, data[i], true);
  return { shape: [...shape], dtype: "float32", base64: bytesToBase64(bytes) };
}
