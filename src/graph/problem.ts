// One shape for every complaint about a document, from JSON syntax to dangling edges, so the
// editor, the CLI and the tests all report them the same way.

export interface Problem {
  /** Where in the document: `nodes[3].weights.weight.data`; empty for the whole document. */
  path: string;
  /** A full sentence that names the place, e.g. `nodes[2] (id "fc1").params.out_features: expected a number`. */
  message: string;
  /** The id of the node concerned, so the editor can highlight it. */
  node?: string;
  /** The port concerned, when there is one. */
  port?: string;
  /** Position in the text, for JSON syntax errors. */
  line?: number;
  column?: number;
}

export type PathSegment = PropertyKey;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function appendSegment(path: string, segment: PathSegment): string {
  if (typeof segment === "number") return `${path}[${segment}]`;
  const key = String(segment);
  if (IDENTIFIER.test(key)) return path === "" ? key : `${path}.${key}`;
  // Weight and param names may hold dots or spaces; quote them so the path stays unambiguous.
  return `${path}[${JSON.stringify(key)}]`;
}

export function formatPath(segments: readonly PathSegment[], start = ""): string {
  return segments.reduce<string>(appendSegment, start);
}

/** The id of the node or edge at `root[collection][index]`, if it has a usable one. */
function itemId(root: unknown, collection: PathSegment, index: PathSegment): string | undefined {
  if (typeof index !== "number" || typeof collection !== "string") return undefined;
  const items = (root as Record<string, unknown> | null | undefined)?.[collection];
  if (!Array.isArray(items)) return undefined;
  const id = (items[index] as { id?: unknown } | null | undefined)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/**
 * A human label for a path. Array indices alone are hard to find in a file, so a path into a
 * node or an edge also names its id: `nodes[2] (id "fc1").params.out_features`.
 */
export function describeLocation(
  root: unknown,
  segments: readonly PathSegment[],
): { label: string; node?: string } {
  if (segments.length === 0) return { label: "document" };
  const [collection, index, ...rest] = segments;
  if ((collection === "nodes" || collection === "edges") && segments.length >= 2) {
    const id = itemId(root, collection, index);
    if (id !== undefined) {
      const label = formatPath(rest, `${collection}[${String(index)}] (id ${JSON.stringify(id)})`);
      return collection === "nodes" ? { label, node: id } : { label };
    }
  }
  return { label: formatPath(segments) };
}

/** A problem at `segments` inside `root`, its message prefixed with the located label. */
export function problemAt(
  root: unknown,
  segments: readonly PathSegment[],
  what: string,
  extra: { node?: string; port?: string } = {},
): Problem {
  const { label, node } = describeLocation(root, segments);
  const problem: Problem = { path: formatPath(segments), message: `${label}: ${what}` };
  const nodeId = extra.node ?? node;
  if (nodeId !== undefined) problem.node = nodeId;
  if (extra.port !== undefined) problem.port = extra.port;
  return problem;
}

/** Prefix every message with the file name, as compilers do: `mlp.json: nodes[0]...`. */
export function withSource(problems: Problem[], source: string | undefined): Problem[] {
  if (source === undefined || source === "") return problems;
  return problems.map((p) => ({ ...p, message: `${source}: ${p.message}` }));
}

/** A short, readable rendering of a value that was found where something else was expected. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string": {
      const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
      return `the string ${JSON.stringify(shown)}`;
    }
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      return "an object";
    default:
      return `a ${typeof value}`;
  }
}
