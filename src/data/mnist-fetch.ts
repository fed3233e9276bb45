import { decodeMnist, type MnistOptions } from "./mnist.ts";
import type { Dataset } from "./types.ts";

/** Browser / Worker loader: the file is served from public/ by Vite. */
export async function fetchMnist(url = "/data/mnist.bin.gz", options: MnistOptions = {}): Promise<Dataset> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`mnist: fetching ${url} failed with HTTP ${res.status} ${res.statusText}`);
  return decodeMnist(new Uint8Array(await res.arrayBuffer()), options);
}
