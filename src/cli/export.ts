import { basename, dirname, join } from "node:path";
import { formatProblem } from "../compile/problems";
import { findMnistFile } from "../data/node-files";
import { exportJson } from "../export/json";
import { exportOnnx } from "../export/onnx";
import { exportPytorch, PytorchExportError } from "../export/pytorch";
import type { GraphDoc } from "../graph/doc";
import { serializeGraphDoc } from "../graph/load";
import { nodeDatasetLoader } from "./datasets";
import { UserError } from "./errors";

export interface ExportOptions {
  format?: string;
  out?: string;
  seed?: number;
  write(path: string, data: string | Uint8Array): void;
  print(line: string): void;
}

/** Each format writes its files next to --out and returns their paths. */
const FORMATS: Record<string, (doc: GraphDoc, file: string, o: ExportOptions) => string[]> = {
  json(doc, _file, o) {
    o.write(o.out!, serializeGraphDoc(exportJson(doc, o.seed)));
    return [o.out!];
  },
  pytorch(doc, file, o) {
    let mnistPath: string | undefined;
    try {
      mnistPath = findMnistFile();
    } catch {
      // Only an MNIST graph needs it, and its script also takes --mnist.
    }
    let files: { name: string; text: string }[];
    try {
      files = exportPytorch(doc, {
        file: basename(o.out!),
        loadDataset: nodeDatasetLoader,
        mnistPath,
        seed: o.seed,
      }).files;
    } catch (e) {
      if (!(e instanceof PytorchExportError)) throw e;
      throw new UserError(`${file}: cannot export to PyTorch`, e.problems.map(formatProblem));
    }
    return files.map((f) => {
      const path = join(dirname(o.out!), f.name);
      o.write(path, f.text);
      return path;
    });
  },
  onnx(doc, file, o) {
    const r = exportOnnx(doc, { seed: o.seed });
    // Notes say what an inference graph leaves out on purpose (losses, optimisers, noise).
    for (const n of r.notes) o.print(`note: ${formatProblem(n)}`);
    if (r.bytes.length === 0 || r.problems.length) {
      const lines = r.problems.map(formatProblem);
      if (r.bytes.length === 0) throw new UserError(`${file}: cannot export to ONNX`, lines);
      for (const l of lines) o.print(`warning: ${l}`);
    }
    o.write(o.out!, r.bytes);
    return [o.out!];
  },
};

/** wiregrad export FILE --format json|pytorch|onnx --out OUT: the model as a file to take elsewhere. */
export function exportCommand(doc: GraphDoc, file: string, o: ExportOptions): number {
  const format = o.format ?? "json";
  const run = FORMATS[format];
  if (!run) throw new UserError(`--format ${format}: expected one of ${Object.keys(FORMATS).join(", ")}`);
  if (!o.out) throw new UserError(`wiregrad export: give --out FILE for the ${format} export`);
  for (const path of run(doc, file, o)) o.print(`wrote ${path}`);
  return 0;
}
