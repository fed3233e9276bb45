// wiregrad's side of the workloads as GraphDocs, the form a person builds in the editor:
// a Dataset block fed by an in-memory random set (bench data, not a real one), the layers,
// a loss and SGD. Weights are embedded so wiregrad starts from the same numbers as the peers.

import type { Dataset } from "../src/data/types";
import type { GraphDoc, GraphEdge, GraphNode, ParamValue } from "../src/graph/doc";
import type { DatasetLoader } from "../src/train/session";
import { type Batch, makeParams } from "./data";
import { sampleShape, type TrainSpec } from "./workloads";

interface Layer {
  id: string;
  type: string;
  params?: Record<string, ParamValue>;
}

function node(id: string, type: string, params: Record<string, ParamValue>, k: number): GraphNode {
  return { id, type, params, position: { x: 220 * (k % 10), y: 160 * Math.floor(k / 10) } };
}

const port = (node: string, p: string) => ({ node, port: p });

function doc(nodes: GraphNode[], edges: GraphEdge[], batch: number): GraphDoc {
  return {
    format: "wiregrad-graph",
    version: 1,
    meta: { title: "benchmark" },
    nodes,
    edges,
    training: { batch_size: batch, seed: 0, steps: 100, log_every: 10, test_fraction: 0.2 },
  } as GraphDoc;
}

function layers(spec: TrainSpec): Layer[] {
  const m = spec.model;
  if (m.kind === "cnn") {
    return [
      { id: "conv1", type: "Conv2d", params: { out_channels: 8, kernel_size: 5 } },
      { id: "act1", type: "ReLU" },
      { id: "pool1", type: "MaxPool2d", params: { kernel_size: 2 } },
      { id: "conv2", type: "Conv2d", params: { out_channels: 16, kernel_size: 5 } },
      { id: "act2", type: "ReLU" },
      { id: "pool2", type: "MaxPool2d", params: { kernel_size: 2 } },
      { id: "flat", type: "Flatten" },
      { id: "fc", type: "Linear", params: { out_features: 10 } },
    ];
  }
  const act = m.act === "tanh" ? "Tanh" : "ReLU";
  return m.sizes.slice(1).flatMap((out, i) => {
    const fc: Layer = { id: `fc${i + 1}`, type: "Linear", params: { out_features: out } };
    return i < m.sizes.length - 2 ? [fc, { id: `act${i + 1}`, type: act }] : [fc];
  });
}

/** The training graph of workload 1, 2 or 3. */
export function trainDoc(spec: TrainSpec): GraphDoc {
  const m = spec.model;
  // Dataset blocks fix their per-sample shape by name: spiral is 2-d, mnist 784 or 1×28×28.
  const dataset: Record<string, ParamValue> =
    m.kind === "cnn"
      ? { name: "mnist" }
      : m.sizes[0] === 784
        ? { name: "mnist", flatten: true }
        : { name: "spiral", n_samples: 400, noise: 0.1, seed: 0 };
  const regression = m.kind === "mlp" && m.loss === "mse";
  const ls = layers(spec);
  const weights = makeParams(spec);
  const nodes = [node("data", "Dataset", dataset, 0)];
  ls.forEach((l, k) => {
    const n = node(l.id, l.type, l.params ?? {}, k + 1);
    const w = weights.get(`${l.id}.weight`);
    const b = weights.get(`${l.id}.bias`);
    if (w && b) {
      n.weights = {
        weight: { shape: w.shape, data: Array.from(w.data) },
        bias: { shape: b.shape, data: Array.from(b.data) },
      };
    }
    nodes.push(n);
  });
  const edges: GraphEdge[] = [];
  let prev = port("data", "x");
  for (const l of ls) {
    edges.push({ id: `${prev.node}->${l.id}`, source: prev, target: port(l.id, "in") });
    prev = port(l.id, "out");
  }
  let target = port("data", "y");
  if (regression) {
    // A scalar target per row, shaped [B, 1] like the network's output.
    nodes.push(node("label", "Reshape", { shape: [1] }, nodes.length));
    edges.push({ id: "y->label", source: target, target: port("label", "in") });
    target = port("label", "out");
  }
  nodes.push(node("loss", regression ? "MSELoss" : "CrossEntropyLoss", {}, nodes.length));
  nodes.push(node("opt", "SGD", { lr: spec.lr }, nodes.length));
  edges.push({ id: "out->loss", source: prev, target: port("loss", "input") });
  edges.push({ id: "y->loss", source: target, target: port("loss", "target") });
  edges.push({ id: "loss->opt", source: port("loss", "loss"), target: port("opt", "loss") });
  return doc(nodes, edges, spec.batch);
}

/** A DatasetLoader that ignores the name and serves the benchmark's random rows. */
export function batchLoader(spec: TrainSpec, data: Batch): DatasetLoader {
  const { x: xShape, classes } = sampleShape(spec.model);
  const all = Uint32Array.from({ length: data.rows }, (_, i) => i);
  const ds: Dataset = {
    name: "bench",
    task: classes > 0 ? "classification" : "regression",
    x: data.x,
    y: data.y,
    xShape,
    yShape: [],
    n: data.rows,
    numClasses: classes > 0 ? classes : undefined,
    split: { train: all, test: all.subarray(0, Math.min(data.rows, 100)) },
  };
  return () => ds;
}

/**
 * A 200-block graph for workload 5: Dataset → Linear 16 → Tanh → 48 residual units
 * (Linear → act → Linear → Add skip) → Linear 16 → Tanh → Linear 2 → CrossEntropy → SGD.
 * `editAt` turns the activation of that unit from ReLU into Tanh: the one-node edit.
 */
export function bigGraph(editAt = -1): GraphDoc {
  const units = 48;
  const nodes: GraphNode[] = [
    node("data", "Dataset", { name: "spiral", n_samples: 400, noise: 0.1, seed: 0 }, 0),
  ];
  const edges: GraphEdge[] = [];
  const add = (id: string, type: string, params: Record<string, ParamValue> = {}) =>
    nodes.push(node(id, type, params, nodes.length));
  const wire = (from: { node: string; port: string }, to: string, p = "in") =>
    edges.push({ id: `${from.node}.${from.port}->${to}.${p}`, source: from, target: port(to, p) });
  add("fc_in", "Linear", { out_features: 16 });
  add("act_in", "Tanh");
  wire(port("data", "x"), "fc_in");
  wire(port("fc_in", "out"), "act_in");
  let prev = port("act_in", "out");
  for (let u = 0; u < units; u++) {
    add(`u${u}_fc1`, "Linear", { out_features: 16 });
    add(`u${u}_act`, u === editAt ? "Tanh" : "ReLU");
    add(`u${u}_fc2`, "Linear", { out_features: 16 });
    add(`u${u}_add`, "Add");
    wire(prev, `u${u}_fc1`);
    wire(port(`u${u}_fc1`, "out"), `u${u}_act`);
    wire(port(`u${u}_act`, "out"), `u${u}_fc2`);
    wire(port(`u${u}_fc2`, "out"), `u${u}_add`, "a");
    wire(prev, `u${u}_add`, "b");
    prev = port(`u${u}_add`, "out");
  }
  add("fc_mid", "Linear", { out_features: 16 });
  add("act_out", "Tanh");
  add("head", "Linear", { out_features: 2 });
  add("loss", "CrossEntropyLoss");
  add("opt", "SGD", { lr: 0.01 });
  wire(prev, "fc_mid");
  wire(port("fc_mid", "out"), "act_out");
  wire(port("act_out", "out"), "head");
  wire(port("head", "out"), "loss", "input");
  wire(port("data", "y"), "loss", "target");
  wire(port("loss", "loss"), "opt", "loss");
  return doc(nodes, edges, 32);
}
