/**
 * The compact MNIST file written by scripts/convert-mnist.ts and read by decodeMnist:
 *
 *   offset 0   4 bytes  magic "WGMN"
 *   offset 4   u32 LE   version (1)
 *   offset 8   u32 LE   count   (number of images)
 *   offset 12  u32 LE   rows    (28)
 *   offset 16  u32 LE   cols    (28)
 *   offset 20  count*rows*cols uint8 pixels (0-255, image-major, row-major)
 *   then       count uint8 labels (0-9)
 *
 * The whole thing is gzipped. Samples are stored pre-shuffled (class-mixed) so a fixed
 * "first 8,000 train, last 2,000 test" split has every digit in both halves.
 */
export const MNIST_MAGIC = "WGMN";
export const MNIST_VERSION = 1;
export const MNIST_HEADER_BYTES = 20;
export const MNIST_TRAIN_COUNT = 8000;

export interface MnistRaw {
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Serialises images into the uncompressed layout above (the caller gzips). */
export function encodeMnistRaw(raw: MnistRaw): Uint8Array {
  const { count, rows, cols, pixels, labels } = raw;
  if (pixels.length !== count * rows * cols) {
    throw new Error(`encodeMnistRaw: ${pixels.length} pixels, expected ${count}*${rows}*${cols}`);
  }
  if (labels.length !== count) throw new Error(`encodeMnistRaw: ${labels.length} labels, expected ${count}`);
  const out = new Uint8Array(MNIST_HEADER_BYTES + pixels.length + labels.length);
  for (let i = 0; i < 4; i++) out[i] = MNIST_MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  view.setUint32(4, MNIST_VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, rows, true);
  view.setUint32(16, cols, true);
  out.set(pixels, MNIST_HEADER_BYTES);
  out.set(labels, MNIST_HEADER_BYTES + pixels.length);
  return out;
}
