// Shape inference runs on every edit, but most edits during a session are drags, which move
// nodes without changing what analyze() reads. Immer keeps untouched params objects and the
// edges array identical, so a reference check tells a move from an edit in O(nodes).
import { type Analysis, analyze } from "../../compile/analyze";
import type { GraphDoc } from "../../graph/doc";

function sameTopology(a: GraphDoc, b: GraphDoc): boolean {
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i];
    const y = b.nodes[i];
    if (x.id !== y.id || x.type !== y.type || x.params !== y.params || x.frozen !== y.frozen) return false;
  }
  return true;
}

export function createAnalysisCache(run: (doc: GraphDoc) => Analysis = analyze) {
  let last: { doc: GraphDoc; analysis: Analysis } | null = null;
  return (doc: GraphDoc): Analysis => {
    if (last && (last.doc === doc || sameTopology(last.doc, doc))) {
      last = { doc, analysis: last.analysis };
      return last.analysis;
    }
    last = { doc, analysis: run(doc) };
    return last.analysis;
  };
}
