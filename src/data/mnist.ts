import { gunzipSync } from "fflate";
import {
  MNIST_HEADER_BYTES,
  MNIST_MAGIC,
  MNIST_TRAIN_COUNT,
  MNIST_VERSION,
  type MnistRaw,
} from "./mnist-format.ts";
import { limitDataset, selectSamples } from "./subset.ts";
import type { Dataset } from "./types.ts";

const NUM_CLASSES = 10;
const DIGIT_NAMES = Array.from({ length: NUM_CLASSES }, (_, d) => String(d));

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses and checks the (uncompressed) container. Servers that add
 * "Content-Encoding: gzip" for .gz files hand fetch() the already-inflated bytes, so
 * gzip is detected by its magic rather than assumed.
 */
export function parseMnistRaw(bytes: Uint8Array): MnistRaw {
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`mnist: the gzip data is corrupt (${(e as Error).message})`);
    }
  }
  if (bytes.length < MNIST_HEADER_BYTES) {
    throw new Error(
      `mnist: file is ${bytes.length} bytes, shorter than the ${MNIST_HEADER_BYTES}-byte header`,
    );
  }
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== MNIST_MAGIC) {
    throw new Error(
      `mnist: bad magic ${JSON.stringify(magic)}, expected "${MNIST_MAGIC}" (not a wiregrad MNIST file; regenerate with npm run gen:mnist)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== MNIST_VERSION) {
    throw new Error(`mnist: unsupported version ${version}, this build reads version ${MNIST_VERSION}`);
  }
  const count = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const cols = view.getUint32(16, true);
  if (count === 0 || rows === 0 || cols === 0 || rows > 4096 || cols > 4096) {
    throw new Error(`mnist: implausible header count=${count} rows=${rows} cols=${cols}`);
  }
  const pixelBytes = count * rows * cols;
  const expected = MNIST_HEADER_BYTES + pixelBytes + count;
  if (bytes.length !== expected) {
    throw new Error(
      `mnist: file is ${bytes.length} bytes but the header (count=${count}, ${rows}x${cols}) implies ${expected}`,
    );
  }
  const pixels = bytes.subarray(MNIST_HEADER_BYTES, MNIST_HEADER_BYTES + pixelBytes);
  const labels = bytes.subarray(MNIST_HEADER_BYTES + pixelBytes, expected);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= NUM_CLASSES) throw new Error(`mnist: label of image ${i} is ${labels[i]}, expected 0-9`);
  }
  return { count, rows, cols, pixels, labels };
}

export interface MnistOptions {
  /** Keep at most this many samples, in the 80:20 train:test ratio of the fixed split. */
  limit?: number;
}

/**
 * Decodes the wiregrad MNIST file (gzipped or not) into a Dataset: x in [0, 1] with
 * xShape [1, 28, 28] (NCHW, as PyTorch), 10 classes, and the FIXED split: the first
 * 8,000 images train, the rest test (no seed: results stay comparable across runs).
 */
export function decodeMnist(bytes: Uint8Array, options: MnistOptions = {}): Dataset {
  const { count, rows, cols, pixels, labels } = parseMnistRaw(bytes);
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i] / 255;
  const nTrain = Math.min(MNIST_TRAIN_COUNT, count);
  const train = new Uint32Array(nTrain);
  for (let i = 0; i < nTrain; i++) train[i] = i;
  const test = new Uint32Array(count - nTrain);
  for (let i = 0; i < test.length; i++) test[i] = nTrain + i;
  const ds: Dataset = {
    name: "mnist",
    task: "classification",
    x,
    y: Float32Array.from(labels),
    xShape: [1, rows, cols],
    yShape: [],
    n: count,
    numClasses: NUM_CLASSES,
    split: { train, test },
    classNames: [...DIGIT_NAMES],
  };
  return options.limit === undefined ? ds : limitDataset(ds, options.limit);
}

export interface SubsetOptions {
  /**
   * Relabel so labels[k] becomes class k and numClasses = labels.length (default true):
   * a head trained on digits 0-4 can then be fine-tuned on 5-9 with the same 5 outputs.
   * With false the original digit labels and numClasses are kept.
   */
  remap?: boolean;
  limit?: number;
}

/** Only the samples whose label is in `labels`, keeping each sample's train/test side. */
export function subsetByLabels(ds: Dataset, labels: number[], options: SubsetOptions = {}): Dataset {
  if (ds.task !== "classification")
    throw new Error(`subsetByLabels: "${ds.name}" is not a classification set`);
  const numClasses = ds.numClasses ?? 0;
  if (labels.length === 0) throw new Error("subsetByLabels: labels is empty");
  const toNew = new Map<number, number>();
  labels.forEach((l, k) => {
    if (!Number.isInteger(l) || l < 0 || l >= numClasses) {
      throw new Error(`subsetByLabels: label ${l} is not a class of "${ds.name}" (0-${numClasses - 1})`);
    }
    if (toNew.has(l)) throw new Error(`subsetByLabels: label ${l} is listed twice`);
    toNew.set(l, k);
  });
  const keep = (idx: Uint32Array) => idx.filter((i) => toNew.has(ds.y[i]));
  const remap = options.remap ?? true;
  const sub = selectSamples(ds, keep(ds.split.train), keep(ds.split.test), {
    name: `${ds.name}[${labels.join(",")}]`,
  });
  if (remap) {
    for (let i = 0; i < sub.n; i++) sub.y[i] = toNew.get(sub.y[i])!;
    sub.numClasses = labels.length;
    sub.classNames = labels.map((l) => ds.classNames?.[l] ?? String(l));
  }
  return options.limit === undefined ? sub : limitDataset(sub, options.limit);
}
