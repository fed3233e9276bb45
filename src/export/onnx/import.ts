import { analyze } from "../../compile/analyze";
import { formatProblem } from "../../compile/problems";
import { CURRENT_VERSION, GRAPH_FORMAT, type GraphDoc } from "../../graph/doc";
import { ImportCtx, ImportState } from "./importers/context";
import { ImportUnsupported, tensorValues } from "./importers/decode";
import { elementwiseImporters } from "./importers/elementwise";
import { type Importer, layerImporters } from "./importers/layers";
import { layoutLayers } from "./importers/layout";
import { decodeModel, type GraphProto, type NodeProto, toNum } from "./proto";

// ONNX → GraphDoc, for models built from the operators wiregrad has blocks for. Whatever
// cannot be imported is listed (operator, node name and why) and the rest is still imported.

export interface OnnxImport {
  doc: GraphDoc;
  /** One line per ONNX node or input that could not be imported, then the doc's own problems. */
  problems: string[];
}

const importers: Record<string, Importer> = { ...layerImporters, ...elementwiseImporters };

/** The operators importOnnx maps to blocks. */
export const IMPORTABLE_OPS: readonly string[] = Object.keys(importers).sort();

export function importOnnx(bytes: Uint8Array): OnnxImport {
  let model: ReturnType<typeof decodeModel>;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    return {
      doc: emptyDoc("Unreadable ONNX file"),
      problems: [`not an ONNX model: ${(e as Error).message}`],
    };
  }
  const graph = model.graph;
  if (!graph) return { doc: emptyDoc("Empty ONNX file"), problems: ["the ONNX model has no graph"] };
  const opset = toNum(
    (model.opsetImport ?? []).find((o) => !o.domain || o.domain === "ai.onnx")?.version ?? 1,
  );
  const problems: string[] = [];
  const s = new ImportState(opset, consumersOf(graph), new Set((graph.output ?? []).map((o) => o.name!)));

  for (const t of graph.initializer ?? []) {
    try {
      s.consts.set(t.name!, { ...tensorValues(t), learnable: true });
    } catch (e) {
      problems.push(`initializer "${t.name}": ${(e as Error).message}`);
    }
  }
  importInputs(graph, s, problems);

  /** Why a value is missing: the unimported node it comes from. */
  const missing = new Map<string, string>();
  for (const node of graph.node ?? []) {
    if (s.fused.has(node)) continue;
    const label = `${node.opType} "${node.name || node.output?.[0] || "?"}"`;
    const cut = (why: string) => {
      problems.push(`${label}: ${why}`);
      for (const o of node.output ?? []) if (o) missing.set(o, label);
    };
    if (node.domain && node.domain !== "ai.onnx") {
      cut(`operator domain "${node.domain}" is not the standard ONNX one`);
      continue;
    }
    if (node.opType === "Constant") {
      const t = node.attribute?.find((a) => a.name === "value")?.t;
      try {
        if (!t) throw new ImportUnsupported("only Constant nodes with a tensor `value` are read");
        s.consts.set(node.output![0], { ...tensorValues(t), learnable: false });
      } catch (e) {
        cut((e as Error).message);
      }
      continue;
    }
    const upstream = (node.input ?? []).find((v) => v && missing.has(v));
    if (upstream) {
      cut(
        `not imported, its input "${upstream}" comes from ${missing.get(upstream)}, which was not imported`,
      );
      continue;
    }
    const importer = importers[node.opType ?? ""];
    if (!importer) {
      cut(`no wiregrad block for this operator (importable: ${IMPORTABLE_OPS.join(", ")})`);
      continue;
    }
    const mark = s.mark();
    try {
      importer(new ImportCtx(s, node));
    } catch (e) {
      s.rollback(mark);
      if (!(e instanceof ImportUnsupported)) throw e;
      cut(`not imported: ${e.message}`);
    }
  }

  layoutLayers(s.nodes, s.edges);
  const doc: GraphDoc = {
    format: GRAPH_FORMAT,
    version: CURRENT_VERSION,
    meta: {
      title: graph.name || "Imported ONNX model",
      note: `Imported from ONNX (opset ${opset}${model.producerName ? `, made by ${model.producerName}` : ""}).`,
    },
    nodes: s.nodes,
    edges: s.edges,
  };
  // The doc's own complaints (a shape a block refuses) belong on the same list.
  for (const p of analyze(doc).problems) problems.push(`after import: ${formatProblem(p)}`);
  return { doc, problems };
}

/** Each graph input (an initializer listed as an input is a weight, not an input) as an Input block. */
function importInputs(graph: GraphProto, s: ImportState, problems: string[]): void {
  for (const v of graph.input ?? []) {
    const name = v.name!;
    if (s.consts.has(name)) continue;
    const tt = v.type?.tensorType;
    const dims = tt?.shape?.dim ?? [];
    const label = `graph input "${name}"`;
    if (tt?.elemType !== 1 || dims.length === 0) {
      problems.push(`${label}: only float tensors with a batch dim become Inputs`);
      continue;
    }
    // The first dim is the batch, whatever it says; the others must be fixed sizes.
    const rest = dims
      .slice(1)
      .map((d) => (d.dimValue !== undefined && d.dimValue !== null ? toNum(d.dimValue) : 0));
    if (rest.some((d) => d < 1)) {
      problems.push(`${label}: a dim other than the first (the batch) has no fixed size`);
      continue;
    }
    const id = s.addNode("Input", { shape: rest }, name);
    s.values.set(name, { node: id, port: "out", rank: dims.length });
  }
}

function consumersOf(graph: GraphProto): Map<string, NodeProto[]> {
  const m = new Map<string, NodeProto[]>();
  for (const n of graph.node ?? []) {
    for (const v of n.input ?? []) if (v) m.set(v, [...(m.get(v) ?? []), n]);
  }
  return m;
}

function emptyDoc(title: string): GraphDoc {
  return { format: GRAPH_FORMAT, version: CURRENT_VERSION, meta: { title }, nodes: [], edges: [] };
}
