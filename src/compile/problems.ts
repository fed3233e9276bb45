/** A problem in a graph, pinned to what it concerns so the editor can show it in place. */
export interface GraphProblem {
  node?: string;
  port?: string;
  param?: string;
  message: string;
  expected?: string;
  actual?: string;
}

/** The CLI's one-line form: `nodeId[.port]: message`. */
export function formatProblem(p: GraphProblem): string {
  const where = p.node ? `${p.node}${p.port ? `.${p.port}` : p.param ? `.${p.param}` : ""}` : "graph";
  return `${where}: ${p.message}`;
}

export class CompileError extends Error {
  override name = "CompileError";
  constructor(readonly problems: GraphProblem[]) {
    super(problems.map(formatProblem).join("\n"));
  }
}
