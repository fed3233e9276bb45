// Opening an .onnx file: the operators wiregrad has blocks for become a new graph, laid out
// left to right; what could not be imported is listed.
import type { GraphDoc } from "../../graph/doc";
import { autoLayout } from "../state/autoLayout";
import { moveNodes } from "../state/docEdits";

export interface OnnxOpened {
  doc: GraphDoc;
  problems: string[];
}

export async function readOnnxFile(file: File): Promise<OnnxOpened> {
  const [bytes, { importOnnx }] = await Promise.all([file.arrayBuffer(), import("../../export/onnx")]);
  const r = importOnnx(new Uint8Array(bytes));
  if (r.doc.nodes.length > 0) {
    try {
      moveNodes(r.doc, await autoLayout(r.doc));
    } catch {
      // The importer's own layer layout stays.
    }
  }
  return r;
}
