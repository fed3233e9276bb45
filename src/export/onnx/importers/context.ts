import type { GraphEdge, GraphNode, ParamValue, WeightTensor } from "../../../graph/doc";
import { encodeWeight } from "../../../graph/weights";
import type { NodeProto } from "../proto";
import { type Attrs, attrs, type ConstTensor, ImportUnsupported } from "./decode";

// The state of one import: the GraphDoc being built, what each ONNX value became (a block's
// output port, with its rank when known) and the constants the operators read.

export interface ValueRef {
  node: string;
  port: string;
  rank?: number;
}

/** A constant value: an initializer (a learnable tensor: a Parameter) or a Constant node's output. */
export interface ConstValue extends ConstTensor {
  learnable: boolean;
}

/** Small tensors as readable numbers, larger ones as compact base64; both load exactly. */
function weight(t: ConstTensor): WeightTensor {
  return encodeWeight(t.shape, t.data, t.data.length <= 256 ? "array" : "base64");
}

/** An ONNX name as a GraphDoc id: a letter or "_" first, then letters, digits, "_" or "-". */
function sanitize(name: string): string {
  const s = name
    .replace(/[^A-Za-z0-9_-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[_-]+|[_-]+$/g, "");
  return /^[A-Za-z_]/.test(s) ? s : s ? `n_${s}` : "";
}

export class ImportState {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly values = new Map<string, ValueRef>();
  readonly consts = new Map<string, ConstValue>();
  /** Fused nodes (an Add folded into the Linear before it), passed over when their turn comes. */
  readonly fused = new Set<NodeProto>();
  private readonly ids = new Set<string>();
  private readonly constNodes = new Map<string, string>();

  constructor(
    readonly opset: number,
    /** Nodes reading each value. */
    readonly consumers: Map<string, NodeProto[]>,
    readonly graphOutputs: Set<string>,
  ) {}

  /** A unique node id from an ONNX name, else from the block type. */
  newId(hint: string | null | undefined, type: string): string {
    const base = sanitize(hint ?? "") || type.toLowerCase();
    let id = base;
    for (let k = 2; this.ids.has(id); k++) id = `${base}_${k}`;
    this.ids.add(id);
    return id;
  }

  addNode(
    type: string,
    params: Record<string, ParamValue>,
    hint: string | null | undefined,
    weights?: Record<string, ConstTensor>,
  ): string {
    const id = this.newId(hint, type);
    const node: GraphNode = { id, type, params, position: { x: 0, y: 0 } };
    if (weights) node.weights = Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, weight(t)]));
    this.nodes.push(node);
    return id;
  }

  /**
   * Wire a value into a block's input: an ONNX value name (a constant first becomes a
   * Parameter or Constant block) or a block port already made.
   */
  connect(value: string | ValueRef, node: string, port: string): void {
    const src = typeof value === "string" ? (this.values.get(value) ?? this.constBlock(value)) : value;
    this.edges.push({
      id: `e${this.edges.length + 1}`,
      source: { node: src.node, port: src.port },
      target: { node, port },
    });
  }

  /** Whether `value` can be wired: a block's output or a constant. */
  known(value: string): boolean {
    return this.values.has(value) || this.consts.has(value);
  }

  /** Where the doc stands, to undo an ONNX node that failed halfway. */
  mark(): { nodes: number; edges: number; values: Map<string, ValueRef> } {
    return { nodes: this.nodes.length, edges: this.edges.length, values: new Map(this.values) };
  }

  rollback(m: ReturnType<ImportState["mark"]>): void {
    for (const n of this.nodes.splice(m.nodes)) this.ids.delete(n.id);
    this.edges.splice(m.edges);
    this.values.clear();
    for (const [k, v] of m.values) this.values.set(k, v);
    for (const [k, id] of this.constNodes) if (!this.ids.has(id)) this.constNodes.delete(k);
  }

  rank(value: string): number | undefined {
    return this.values.get(value)?.rank ?? this.consts.get(value)?.shape.length;
  }

  /**
   * The block holding constant `value` (made once, then shared): an initializer is learnable
   * in ONNX's sense, so a Parameter with the values as its weight; a Constant node's value a Constant.
   */
  constBlock(value: string, hint: string = value): ValueRef {
    const c = this.consts.get(value);
    if (!c)
      throw new ImportUnsupported(
        `its input "${value}" is neither a graph input, a constant nor a node's output`,
      );
    let id = this.constNodes.get(value);
    if (!id) {
      id = c.learnable
        ? this.addNode("Parameter", { shape: c.shape, init: "zeros" }, hint, { value: c })
        : this.addNode("Constant", { value: nested(c) }, hint);
      this.constNodes.set(value, id);
    }
    return { node: id, port: "out", rank: c.shape.length };
  }
}

/** A tensor as the nested lists a Constant's value holds. */
function nested(t: ConstTensor): ParamValue {
  const build = (dim: number, offset: number): ParamValue => {
    if (dim === t.shape.length) return t.data[offset];
    const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[dim] }, (_, i) => build(dim + 1, offset + i * stride));
  };
  return build(0, 0);
}

/** One ONNX node's view of the import, handed to its operator's importer. */
export class ImportCtx {
  readonly a: Attrs;
  constructor(
    readonly s: ImportState,
    readonly node: NodeProto,
  ) {
    this.a = attrs(node);
  }

  get name(): string | undefined {
    return this.node.name || undefined;
  }

  /** Input i's value name, or undefined when absent (ONNX marks a skipped optional input with ""). */
  in(i: number): string | undefined {
    return this.node.input?.[i] || undefined;
  }

  /** Input i, which the operator needs. */
  need(i: number, what: string): string {
    const v = this.in(i);
    if (!v) throw new ImportUnsupported(`has no ${what} input`);
    return v;
  }

  /** Input i's constant value (an initializer or a Constant node's), required. */
  constant(i: number, what: string): ConstValue {
    const c = this.s.consts.get(this.need(i, what));
    if (!c)
      throw new ImportUnsupported(
        `its ${what} must be a constant (an initializer), not computed in the graph`,
      );
    return c;
  }

  /** Whether output i is read by another node or leaves the graph. */
  used(i: number): boolean {
    const v = this.node.output?.[i];
    return !!v && (this.s.consumers.has(v) || this.s.graphOutputs.has(v));
  }

  /** Record that output i is block `node`'s port. */
  produce(i: number, node: string, port: string, rank?: number): void {
    this.alias(i, { node, port, rank });
  }

  /** Record that output i is an existing block port (pass-through operators). */
  alias(i: number, ref: ValueRef): void {
    const v = this.node.output?.[i];
    if (v) this.s.values.set(v, ref);
  }

  /** Add a block, wiring ONNX values into its ports. */
  block(
    type: string,
    params: Record<string, ParamValue>,
    wires: Record<string, string | ValueRef>,
    weights?: Record<string, ConstTensor>,
    hint: string | undefined = this.name,
  ): string {
    // Sources first (a constant becomes its block here), so the doc stays in topological order.
    const refs = Object.entries(wires).map(([port, value]): [string, ValueRef] => {
      if (typeof value !== "string") return [port, value];
      if (!this.s.known(value)) throw new ImportUnsupported(`its input "${value}" is not available`);
      return [port, this.s.values.get(value) ?? this.s.constBlock(value)];
    });
    const id = this.s.addNode(type, params, hint, weights);
    for (const [port, ref] of refs) this.s.connect(ref, id, port);
    return id;
  }
}
