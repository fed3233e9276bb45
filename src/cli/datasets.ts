import { makeDataset } from "../data/index";
import { readMnistFile } from "../data/node-files";
import type { Dataset } from "../data/types";
import type { DatasetLoader } from "../train/session";

let mnist: Dataset | undefined;

/** Datasets for Node: MNIST is read from public/data once and reused. */
export const nodeDatasetLoader: DatasetLoader = (name, args) =>
  makeDataset(name, args, {
    mnist: () => {
      mnist ??= readMnistFile();
      return mnist;
    },
  });
