import type { SymShape } from "../../graph/symbolic";
import {
  type Attr,
  attributeProto,
  floatTensor,
  type GraphProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
  valueInfo,
} from "./proto";

// Collects the ONNX graph while the blocks are emitted: nodes in topological order,
// initializers, declared inputs, outputs and value infos, with names kept unique.

export class OnnxGraph {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  readonly inputs: ValueInfoProto[] = [];
  readonly outputs: ValueInfoProto[] = [];
  readonly valueInfos: ValueInfoProto[] = [];
  private readonly names = new Set<string>();
  /** Values some node or graph input produces (initializers aside). */
  private readonly produced = new Set<string>();
  private readonly nodeNames = new Set<string>();

  /** Reserve a value name; a taken one gets a numeric suffix, so helpers never collide with blocks. */
  fresh(want: string): string {
    let name = want;
    for (let k = 1; this.names.has(name); k++) name = `${want}_${k}`;
    this.names.add(name);
    return name;
  }

  /** Reserve an exact value name (a block's output, an initializer); a clash is a bug, so it throws. */
  claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX value name "${name}" is used twice`);
    this.names.add(name);
    return name;
  }

  freshNodeName(want: string): string {
    let name = want;
    for (let k = 1; this.nodeNames.has(name); k++) name = `${want}_${k}`;
    this.nodeNames.add(name);
    return name;
  }

  addNode(
    opType: string,
    name: string,
    inputs: string[],
    outputs: string[],
    attrs: Record<string, Attr> = {},
  ): void {
    for (const o of outputs) this.produced.add(o);
    this.nodes.push({
      opType,
      name: this.freshNodeName(name),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attributeProto(k, v)),
    });
  }

  addInitializer(name: string, shape: readonly number[], data: ArrayLike<number>): string {
    this.initializers.push(floatTensor(this.claim(name), shape, data));
    return name;
  }

  addInput(name: string, shape: SymShape): void {
    this.inputs.push(valueInfo(this.claim(name), shape));
    this.produced.add(name);
  }

  produces(name: string): boolean {
    return this.produced.has(name);
  }

  /** Where the graph stands, to undo a block that failed halfway. */
  mark(): { nodes: number; initializers: number; inputs: number } {
    return { nodes: this.nodes.length, initializers: this.initializers.length, inputs: this.inputs.length };
  }

  rollback(m: ReturnType<OnnxGraph["mark"]>): void {
    for (const n of this.nodes.splice(m.nodes)) for (const o of n.output ?? []) this.produced.delete(o);
    this.initializers.splice(m.initializers);
    for (const i of this.inputs.splice(m.inputs)) this.produced.delete(i.name!);
  }

  addOutput(name: string, shape: SymShape): void {
    this.outputs.push(valueInfo(name, shape));
  }

  /** Declare an intermediate's shape, so the checker's strict shape inference compares it with ONNX's. */
  describe(name: string, shape: SymShape): void {
    this.valueInfos.push(valueInfo(name, shape));
  }

  toProto(name: string, docString?: string): GraphProto {
    const declared = new Set([...this.inputs, ...this.outputs].map((v) => v.name));
    return {
      name,
      docString,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
      // Graph inputs and outputs already carry their shape; ONNX wants each value described once.
      valueInfo: this.valueInfos.filter((v) => !declared.has(v.name)),
    };
  }
}
