// Datasets in the worker: synthetic ones are generated on demand; MNIST is fetched once
// (public/data/mnist.bin.gz) before the session is built, because sessions load data
// synchronously.
import { fetchMnist, makeDataset } from "../../data/index";
import type { Dataset } from "../../data/types";
import type { GraphDoc } from "../../graph/doc";
import type { DatasetLoader } from "../session";

let mnist: Promise<Dataset> | null = null;
let mnistLoaded: Dataset | null = null;

function usesMnist(doc: GraphDoc): boolean {
  return doc.nodes.some((n) => n.type === "Dataset" && (n.params as { name?: unknown })?.name === "mnist");
}

/** Fetches what the graph needs (MNIST, once per worker) and returns a synchronous loader. */
export async function prepareData(
  doc: GraphDoc,
  progress: (task: string) => void,
  fetchUrl = "/data/mnist.bin.gz",
): Promise<DatasetLoader> {
  if (usesMnist(doc) && !mnistLoaded) {
    progress("Loading MNIST (10,000 digits)");
    mnist ??= fetchMnist(fetchUrl);
    try {
      mnistLoaded = await mnist;
    } catch (e) {
      mnist = null;
      throw e;
    }
  }
  return (name, args) => makeDataset(name, args, { mnist: mnistLoaded ? () => mnistLoaded! : undefined });
}
