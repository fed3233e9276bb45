// Export the graph as a model to run elsewhere: a PyTorch script (with its companion .json
// files) or an ONNX file. The exporters are loaded the first time someone asks for one.
// What cannot be exported is listed block by block; the graph itself is never touched.
import { CompileError, type GraphProblem } from "../../compile/problems";
import { makeDataset } from "../../data/index";
import type { Problem } from "../../graph/problem";
import { editor, view } from "../app/session";
import { titleOf } from "../state/autosave";
import { downloadBlob, downloadText, fileSlug } from "./download";

/** A compiler problem in the shape the problems dialog lists (its node highlighted by id). */
export function toProblem(p: GraphProblem): Problem {
  const where = p.node ? `${p.node}${p.port ? `.${p.port}` : p.param ? `.${p.param}` : ""}` : "";
  return { path: where, message: p.message, node: p.node, port: p.port };
}

function showProblems(title: string, problems: GraphProblem[], note?: string): void {
  view.getState().open({ kind: "problems", title, problems: problems.map(toProblem), note });
}

export async function exportPytorchFiles(): Promise<void> {
  const { doc } = editor.getState();
  const { exportPytorch, PytorchExportError } = await import("../../export/pytorch");
  let files: { name: string; text: string }[];
  try {
    // MNIST is never loaded here: the script reads mnist.bin.gz itself (next to it, or --mnist).
    files = exportPytorch(doc, {
      file: "model.py",
      loadDataset: (name, args) => makeDataset(name, args),
    }).files;
  } catch (e) {
    if (e instanceof PytorchExportError || e instanceof CompileError) {
      showProblems("This graph cannot be exported to PyTorch", e.problems);
      return;
    }
    throw e;
  }
  for (const f of files) {
    downloadText(f.name, f.text, f.name.endsWith(".py") ? "text/x-python" : "application/json");
  }
  const more =
    files.length > 1 ? ` and ${files.length - 1} companion file${files.length > 2 ? "s" : ""}` : "";
  view.getState().notify(`Exported model.py${more}`);
}

export async function exportOnnxFile(): Promise<void> {
  const { doc } = editor.getState();
  const { exportOnnx } = await import("../../export/onnx");
  const r = exportOnnx(doc);
  if (r.bytes.length === 0) {
    showProblems("This graph cannot be exported to ONNX", r.problems);
    return;
  }
  const name = `${fileSlug(titleOf(doc))}.onnx`;
  downloadBlob(name, new Blob([r.bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
  if (r.problems.length) {
    showProblems(
      `${name} leaves out some blocks`,
      r.problems,
      "The file was saved without these blocks (and what depends on them). The graph you were editing is still here.",
    );
    return;
  }
  const notes = r.notes.length
    ? ` (left out by design: ${r.notes.map((n) => n.node ?? n.message).join(", ")})`
    : "";
  view.getState().notify(`Exported ${name}${notes}`);
}
