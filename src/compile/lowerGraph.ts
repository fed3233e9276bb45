import type { WeightSpec } from "../../nodes/types";
import { IRBuilder, type Tensor } from "../ir/builder";
import type { Analysis } from "./analyze";
import { lowerBlock } from "./lowerBlock";
import { CompileError } from "./problems";

export interface FeedSpec {
  name: string;
  shape: number[];
  /** The node that declared it (Input, Dataset). */
  node: string;
}

export interface VariableSpec {
  name: string;
  shape: number[];
  node: string;
  /** Weight name within its node (state_dict key), or an optimiser slot. */
  param: string;
  kind: "weight" | "state" | "slot";
  spec?: WeightSpec;
  trainable: boolean;
}

/** The forward pass of a graph in IR, with everything the program builders need. */
export interface LoweredGraph {
  b: IRBuilder;
  /** Output tensors by "node.port". */
  ports: Map<string, Tensor>;
  feeds: Map<string, FeedSpec>;
  variables: Map<string, VariableSpec>;
  /** Weight tensors by node, by state_dict name. */
  weightTensors: Map<string, Record<string, Tensor>>;
  /** Buffers written after the step (batch-norm running stats): variable name → value. */
  stateUpdates: Map<string, Tensor>;
  metrics: Map<string, Tensor>;
  /** The op ids each block emitted, [start, end): which primitives belong to which block. */
  spans: Map<string, [start: number, end: number]>;
  /**
   * With `tapEdges`: the value each wire delivers, as an IR value of its own (an identity
   * reshape), keyed "src.port->dst.port". A gradient taken with respect to it is what flows
   * back along that one wire, even when its source fans out (the live gradient view).
   */
  edges?: Map<string, Tensor>;
}

/** The key of a wire in probe snapshots and in `LoweredGraph.edges`. */
export function edgeKey(e: {
  source: { node: string; port: string };
  target: { node: string; port: string };
}) {
  return `${e.source.node}.${e.source.port}->${e.target.node}.${e.target.port}`;
}

export function weightVarName(node: string, param: string): string {
  return `${node}.${param}`;
}

/** Lower every well-formed node in topological order. Throws CompileError if the graph has problems. */
export function lowerGraph(
  a: Analysis,
  opts: { batch: number; mode: "train" | "eval"; tapEdges?: boolean },
): LoweredGraph {
  if (a.problems.length) throw new CompileError(a.problems);
  const b = new IRBuilder();
  const g: LoweredGraph = {
    b,
    ports: new Map(),
    feeds: new Map(),
    variables: new Map(),
    weightTensors: new Map(),
    stateUpdates: new Map(),
    metrics: new Map(),
    spans: new Map(),
    ...(opts.tapEdges ? { edges: new Map() } : {}),
  };

  // Weights first, so a block (L2Penalty) can read any node's weights whatever the order.
  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    const ws: Record<string, Tensor> = {};
    for (const [param, spec] of Object.entries(info.weights)) {
      const name = weightVarName(id, param);
      const trainable = spec.trainable !== false && !info.frozen;
      g.variables.set(name, {
        name,
        shape: spec.shape,
        node: id,
        param,
        kind: spec.trainable === false ? "state" : "weight",
        spec,
        trainable,
      });
      ws[param] = b.variable(name, spec.shape);
    }
    g.weightTensors.set(id, ws);
  }

  for (const id of a.order) {
    const info = a.nodes.get(id)!;
    const inputs: Record<string, Tensor | undefined> = {};
    for (const [port, e] of Object.entries(info.incoming)) {
      let t = g.ports.get(`${e.source.node}.${e.source.port}`);
      if (t && g.edges) {
        // emit, not t.reshape: a same-shape reshape returns t itself and would tap nothing.
        t = b.emit("reshape", [t], { shape: [...t.shape] });
        g.edges.set(edgeKey(e), t);
      }
      inputs[port] = t;
    }
    const start = b.nodes.length;
    const outs = lowerBlock(b, info.def, id, info.params, inputs, g.weightTensors.get(id)!, opts, {
      feed(node, name, shape) {
        // An Input's single output is fed by the node id alone: that is the key users write.
        const feedName = info.def.type === "Input" ? node : `${node}.${name}`;
        g.feeds.set(feedName, { name: feedName, shape, node });
        return b.input(feedName, shape);
      },
      setState(node, name, value) {
        g.stateUpdates.set(weightVarName(node, name), value);
      },
      weightsOf(node) {
        const w = g.weightTensors.get(node);
        if (!w) throw new CompileError([{ node: id, message: `refers to a missing node "${node}"` }]);
        return w;
      },
      metric(node, name, value) {
        g.metrics.set(`${node}.${name}`, value);
      },
    });
    for (const [port, t] of Object.entries(outs)) g.ports.set(`${id}.${port}`, t);
    g.spans.set(id, [start, b.nodes.length]);
  }
  return g;
}
