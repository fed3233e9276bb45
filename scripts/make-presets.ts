// Writes presets/*.json from the compact descriptions below, in the canonical form the editor
// saves. transfer-learning.json is the exception: it carries pretrained weights, so
// scripts/pretrain-transfer.ts writes it from transferDoc() here.
//
//   npx tsx scripts/make-presets.ts && npx tsx scripts/pretrain-transfer.ts
//
// Layout: blocks sit on a grid of COL × ROW pixels, wires run left to right.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { GraphDoc, GraphMeta, GraphNode, ParamValue, TrainingSettings } from "../src/graph/doc";
import { parseGraphDoc, serializeGraphDoc } from "../src/graph/load";

export const COL = 240;
export const ROW = 140;

type Params = Record<string, ParamValue>;
/** [id, type, column, row, params?, frozen?] */
type NodeSpec = [string, string, number, number, Params?, boolean?];

export interface PresetSpec {
  meta: GraphMeta & { title: string; topic: string; note: string; target: string };
  nodes: NodeSpec[];
  /** "a.port -> b.port" */
  edges: string[];
  training: Partial<TrainingSettings>;
}

export function build(spec: PresetSpec): GraphDoc {
  const nodes: GraphNode[] = spec.nodes.map(([id, type, col, row, params = {}, frozen]) => ({
    id,
    type,
    params,
    position: { x: Math.round(col * COL), y: Math.round(row * ROW) },
    ...(frozen ? { frozen: true } : {}),
  }));
  const edges = spec.edges.map((text) => {
    const [from, to] = text.split("->").map((s) => s.trim());
    const [sn, sp] = from.split(".");
    const [tn, tp] = to.split(".");
    return { id: `${from}->${to}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
  });
  return {
    format: "wiregrad-graph",
    version: 1,
    meta: spec.meta,
    nodes,
    edges,
    training: {
      batch_size: 32,
      seed: 0,
      ...spec.training,
      test_fraction: spec.training.test_fraction ?? 0.2,
    },
  };
}

/** The canonical text of a document: parsed (so defaults and key order are the loader's) and saved. */
export function canonical(doc: GraphDoc, name: string): string {
  const r = parseGraphDoc(JSON.stringify(doc), name);
  if (!r.ok) throw new Error(`${name}: ${r.problems.map((p) => p.message).join("; ")}`);
  return serializeGraphDoc(r.doc);
}

/** "a -> b -> c" for one-in/one-out blocks: a.out → b.in → … (a Dataset's first wire is its x). */
function chain(...ids: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < ids.length; i++) {
    const from = ids[i].includes(".") ? ids[i] : `${ids[i]}.out`;
    const to = ids[i + 1].includes(".") ? ids[i + 1] : `${ids[i + 1]}.in`;
    out.push(`${from} -> ${to}`);
  }
  return out;
}

const classify = (logits: string, data = "data", loss = "loss", opt = "opt") => [
  `${logits}.out -> ${loss}.input`,
  `${data}.y -> ${loss}.target`,
  `${loss}.loss -> ${opt}.loss`,
];

// ---------------------------------------------------------------------------------------------
// Playground classics

function playground(
  dataset: string,
  hidden: number[],
  o: { title: string; note: string; target: string; noise: number; lr: number; steps: number },
): PresetSpec {
  const nodes: NodeSpec[] = [
    ["data", "Dataset", 0, 1, { name: dataset, n_samples: 400, noise: o.noise, seed: 0 }],
  ];
  const ids = ["data.x"];
  let col = 1;
  hidden.forEach((h, i) => {
    nodes.push([`fc${i + 1}`, "Linear", col++, 0, { out_features: h }]);
    nodes.push([`act${i + 1}`, "Tanh", col++, 0]);
    ids.push(`fc${i + 1}`, `act${i + 1}`);
  });
  nodes.push(["out", "Linear", col++, 0, { out_features: 2 }]);
  nodes.push(["loss", "CrossEntropyLoss", col++, 1]);
  nodes.push(["opt", "Adam", col, 1, { lr: o.lr }]);
  ids.push("out");
  return {
    meta: { title: o.title, topic: "MLPs", note: o.note, target: o.target },
    nodes,
    edges: [...chain(...ids), ...classify("out")],
    training: { batch_size: 32, seed: 0, steps: o.steps, log_every: Math.max(1, o.steps / 20) },
  };
}

// ---------------------------------------------------------------------------------------------

export function presetSpecs(): Record<string, PresetSpec> {
  return {
    "linear-regression": linearRegression(),
    "logistic-regression": logisticRegression(),
    "xor-mlp": playground("xor", [8], {
      title: "XOR with a small MLP",
      note: "XOR is the classic problem a linear model cannot solve: no single line separates the quadrants. One hidden layer of tanh units bends the plane so the two classes become separable. Show the hidden units' pictures: each is a soft half-plane, and the output combines them.",
      target: "train accuracy ≥ 95 % within 500 steps",
      noise: 0.2,
      lr: 0.03,
      steps: 500,
    }),
    "spiral-mlp": playground("spiral", [16, 16], {
      title: "Two spirals with a deeper MLP",
      note: "Two interleaved spirals need several layers: the first layer cuts the plane with lines, deeper layers compose those cuts into curved regions. Train it, then watch the decision boundary wind around the arms.",
      target: "train accuracy ≥ 95 % within 2,000 steps",
      noise: 0.1,
      lr: 0.01,
      steps: 2000,
    }),
    "circles-mlp": playground("circles", [8], {
      title: "A disc inside a ring with a small MLP",
      note: "The ring surrounds the disc, so no straight line separates the two classes. Eight tanh units each cut the plane along a soft line, and the output layer combines the cuts into a closed region around the disc. Compare the hidden units' pictures with those of xor-mlp: the same network, arranged differently by different data.",
      target: "train accuracy ≥ 95 % within 300 steps",
      noise: 0.2,
      lr: 0.03,
      steps: 300,
    }),
    "regularisation-overfit": regularisation(false),
    regularisation: regularisation(true),
    "autodiff-scalar": autodiffScalar(),
    optimisers: optimisers(),
    "mnist-mlp": mnistMlp(),
    "mnist-cnn": mnistCnn(),
    "resnet-block": resnetBlock(),
    "transfer-from-scratch": transferDoc(false),
    "rnn-sine": rnnSine(),
    embeddings: embeddings(),
    "vae-mnist": vaeMnist(),
    "monte-carlo": monteCarlo(),
    "gumbel-softmax": gumbelSoftmax(),
    "gan-2d": gan2d(),
  };
}

function linearRegression(): PresetSpec {
  return {
    meta: {
      title: "Linear regression: fit y = w·x + b by least squares",
      topic: "parameter estimation",
      note: "The data come from y = 2x + 1 plus noise. One Linear block with one input and one output is exactly w·x + b; MSELoss is the Gaussian negative log-likelihood up to constants, and SGD walks w and b to the least-squares estimate. Watch the fitted line settle.",
      target: "weight within 0.1 of 2 and bias within 0.1 of 1 after 300 steps; test MSE < 0.05",
    },
    nodes: [
      ["data", "Dataset", 0, 1, { name: "linear", n_samples: 100, noise: 0.1, seed: 0 }],
      ["fc", "Linear", 1, 0, { out_features: 1 }],
      ["loss", "MSELoss", 2, 1],
      ["opt", "SGD", 3, 1, { lr: 0.1 }],
    ],
    edges: ["data.x -> fc.in", "fc.out -> loss.input", "data.y -> loss.target", "loss.loss -> opt.loss"],
    training: { batch_size: 16, seed: 0, steps: 300, log_every: 30 },
  };
}

function logisticRegression(): PresetSpec {
  return {
    meta: {
      title: "Logistic regression on two Gaussian blobs",
      topic: "parameter estimation",
      note: "One Linear block with one output gives the logit w·x + b, and BCEWithLogitsLoss is the negative log-likelihood of a Bernoulli with p = σ(w·x + b): logistic regression is a single neuron. The Reshape turns the class indices [B] into the column [B, 1] the loss compares with. Show the decision line w·x + b = 0, perpendicular to the line joining the blob centres, and how the predicted probability ramps across it.",
      target:
        "test accuracy ≥ 95 % within 200 steps; the weights w₁, w₂ agree within 30 % (the boundary is perpendicular to the diagonal)",
    },
    nodes: [
      ["data", "Dataset", 0, 1, { name: "gaussians", n_samples: 1000, noise: 1.2, seed: 0 }],
      ["fc", "Linear", 1, 0, { out_features: 1 }],
      ["label", "Reshape", 1, 2, { shape: [1] }],
      ["loss", "BCEWithLogitsLoss", 2, 1],
      ["opt", "SGD", 3, 1, { lr: 0.1 }],
    ],
    edges: [
      "data.x -> fc.in",
      "data.y -> label.in",
      "fc.out -> loss.input",
      "label.out -> loss.target",
      "loss.loss -> opt.loss",
    ],
    training: { batch_size: 32, seed: 0, steps: 200, log_every: 10 },
  };
}

/** The same wide MLP on 20 noisy points of a sine, with or without an L2 penalty. */
function regularisation(penalty: boolean): PresetSpec {
  const nodes: NodeSpec[] = [
    ["data", "Dataset", 0, 1, { name: "sine", n_samples: 200, noise: 0.3, seed: 0 }],
    ["fc1", "Linear", 1, 0, { out_features: 32 }],
    ["act1", "Tanh", 2, 0],
    ["fc2", "Linear", 3, 0, { out_features: 32 }],
    ["act2", "Tanh", 4, 0],
    ["out", "Linear", 5, 0, { out_features: 1 }],
    ["loss", "MSELoss", 6, 1],
    ["opt", "Adam", 7, 1, { lr: 0.02 }],
  ];
  if (penalty) nodes.push(["l2", "L2Penalty", 6, 2.5, { coef: 0.01, params: ["fc1", "fc2", "out"] }]);
  return {
    meta: penalty
      ? {
          title: "Regularisation: the same wide MLP with an L2 penalty",
          topic: "regularisation",
          note: "The network and the 20 points of regularisation-overfit, plus an L2Penalty block: it adds 0.01·Σw² over the three Linear layers' weights to the loss, which is weight decay. The training error no longer falls towards zero, the fitted curve is smooth, and the test error is about half the unregularised run's. Try coef 0 and 0.1 to show too little and too much regularisation: with 0.1 the curve flattens and both errors rise.",
          target:
            "test MSE (penalty excluded) < 0.13 after 1,500 steps, at least 0.05 below regularisation-overfit's",
        }
      : {
          title: "Regularisation: a wide MLP overfits 20 points",
          topic: "regularisation",
          note: "Only 20 noisy points of a sine curve are used for training (the other 180 are held out), and a 1 → 32 → 32 → 1 tanh network has about 1,100 weights to fit them. Train it: the training error falls far below the noise variance of 0.09 while the test error climbs, because the curve bends to pass through the noise. Then open the regularisation preset and compare the two fitted curves.",
          target: "after 1,500 steps train MSE < 0.02 (below the noise variance 0.09) while test MSE > 0.15",
        },
    nodes,
    edges: [
      ...chain("data.x", "fc1", "act1", "fc2", "act2", "out"),
      "out.out -> loss.input",
      "data.y -> loss.target",
      "loss.loss -> opt.loss",
    ],
    training: { batch_size: 20, seed: 0, steps: 1500, log_every: 75, test_fraction: 0.9 },
  };
}

function autodiffScalar(): PresetSpec {
  return {
    meta: {
      title: "Autodiff on a scalar expression: f(x, y) = sin(x)·y + x²",
      topic: "automatic differentiation",
      note: "Every block is one primitive. Step through the forward pass to see each value, then the backward pass to see each gradient and the local derivative used. At x = 1, y = 2: df/dx = cos(x)·y + 2x ≈ 3.0806 and df/dy = sin(x) ≈ 0.8415.",
      target: "df/dx = cos(1)·2 + 2 and df/dy = sin(1) exactly, within float32 rounding",
    },
    nodes: [
      ["x", "Parameter", 0, 0, { shape: [], init: "values", value: [1] }],
      ["y", "Parameter", 0, 1.5, { shape: [], init: "values", value: [2] }],
      ["sin", "Sin", 1, 0],
      ["mul", "Mul", 2, 0.75],
      ["sq", "Square", 1, 2.5],
      ["f", "Add", 3, 1.5],
    ],
    edges: [
      "x.out -> sin.in",
      "sin.out -> mul.a",
      "y.out -> mul.b",
      "x.out -> sq.in",
      "mul.out -> f.a",
      "sq.out -> f.b",
    ],
    // No optimiser: the graph is for stepping through one forward and backward pass.
    training: { batch_size: 1, seed: 0 },
  };
}

/** Four points on one Rosenbrock surface, each moved by its own optimiser. */
function optimisers(): PresetSpec {
  const opts: [string, string, Params][] = [
    ["sgd", "SGD", { lr: 0.002 }],
    ["momentum", "SGD", { lr: 0.001, momentum: 0.9 }],
    ["rmsprop", "RMSprop", { lr: 0.005 }],
    ["adam", "Adam", { lr: 0.05 }],
  ];
  return {
    meta: {
      title: "Optimisers on the Rosenbrock valley",
      topic: "optimisation",
      note: "Four points start at (0, 0) on Rosenbrock's banana valley f(x, y) = (1 − x)² + 100(y − x²)², each moved by its own optimiser: plain SGD, SGD with momentum, RMSprop and Adam (each lists its point in params). The surface is built from maths blocks as two residuals, 1 − x and 10(y − x²), so MSELoss with reduction sum against (1, 0) is exactly f at every point. Plain SGD's step must stay small for the steep valley walls, so it crawls along the flat floor; momentum and the adaptive methods travel much faster. Plot the four trajectories over the contour map.",
      target:
        "within 1,000 steps Adam, SGD + momentum and RMSprop each come within 0.25 of the minimum (1, 1), Adam first; plain SGD does not (it ends about 0.4 away)",
    },
    nodes: [
      ...opts.map(
        ([id], i): NodeSpec => [
          `p_${id}`,
          "Parameter",
          0,
          i,
          { shape: [1, 2], init: "values", value: [0, 0] },
        ],
      ),
      ["pair1", "Concat", 1, 0.5, { dim: 0 }],
      ["pair2", "Concat", 1, 2.5, { dim: 0 }],
      ["points", "Concat", 2, 1.5, { dim: 0 }],
      ["pick_x", "Constant", 2, 0, { value: [[1], [0]] }],
      ["pick_y", "Constant", 2, 3, { value: [[0], [1]] }],
      ["x", "MatMul", 3, 0.5],
      ["y", "MatMul", 3, 2.5],
      ["x2", "Square", 4, 1.5],
      ["gap", "Sub", 5, 2.5],
      ["ten", "Constant", 5, 3.5, { value: 10 }],
      ["r2", "Mul", 6, 2.5],
      ["residuals", "Concat", 7, 1.5, { dim: 1 }],
      [
        "target",
        "Constant",
        7,
        3,
        {
          value: [
            [1, 0],
            [1, 0],
            [1, 0],
            [1, 0],
          ],
        },
      ],
      ["loss", "MSELoss", 8, 1.5, { reduction: "sum" }],
      ...opts.map(([id, type, params], i): NodeSpec => [id, type, 9, i, { ...params, params: [`p_${id}`] }]),
    ],
    edges: [
      "p_sgd.out -> pair1.a",
      "p_momentum.out -> pair1.b",
      "p_rmsprop.out -> pair2.a",
      "p_adam.out -> pair2.b",
      "pair1.out -> points.a",
      "pair2.out -> points.b",
      "points.out -> x.a",
      "pick_x.out -> x.b",
      "points.out -> y.a",
      "pick_y.out -> y.b",
      "x.out -> x2.in",
      "y.out -> gap.a",
      "x2.out -> gap.b",
      "gap.out -> r2.a",
      "ten.out -> r2.b",
      "x.out -> residuals.a",
      "r2.out -> residuals.b",
      "residuals.out -> loss.input",
      "target.out -> loss.target",
      ...opts.map(([id]) => `loss.loss -> ${id}.loss`),
    ],
    training: { batch_size: 1, seed: 0, steps: 1000, log_every: 50 },
  };
}

function mnistMlp(): PresetSpec {
  return {
    meta: {
      title: "MNIST digits with an MLP",
      topic: "MLPs",
      note: "Each 28×28 digit is flattened to 784 numbers, passed through one hidden layer of 32 ReLU units and scored by a 10-way linear layer; CrossEntropyLoss is softmax plus the negative log-likelihood. A few hundred steps make it right about nine times in ten. Show the misclassified digits, and the first layer's weights drawn as 28×28 images: the templates it learned.",
      target: "test accuracy ≥ 90 % within 400 steps (batch 32)",
    },
    nodes: [
      ["data", "Dataset", 0, 1, { name: "mnist", flatten: true }],
      ["fc1", "Linear", 1, 0, { out_features: 32 }],
      ["act1", "ReLU", 2, 0],
      ["fc2", "Linear", 3, 0, { out_features: 10 }],
      ["loss", "CrossEntropyLoss", 4, 1],
      ["opt", "Adam", 5, 1, { lr: 0.003 }],
    ],
    edges: [...chain("data.x", "fc1", "act1", "fc2"), ...classify("fc2")],
    training: { batch_size: 32, seed: 0, steps: 400, log_every: 20 },
  };
}

function mnistCnn(): PresetSpec {
  return {
    meta: {
      title: "MNIST digits with a small CNN",
      topic: "CNNs",
      note: "Two stages of convolution, ReLU and 2×2 max-pooling, then one linear classifier. A 5×5 filter slides over the whole image, so the network learns local strokes with few weights (3,400 in the convolutions, against 25,000 in mnist-mlp's first layer) and recognises a stroke wherever it appears. Show conv1's eight filters and their feature maps for one digit, then the shrinking maps after each pooling.",
      target: "test accuracy ≥ 95 % within 600 steps (batch 32); CI trains 250 steps and checks ≥ 90 %",
    },
    nodes: [
      ["data", "Dataset", 0, 1, { name: "mnist" }],
      ["conv1", "Conv2d", 1, 0, { out_channels: 8, kernel_size: 5 }],
      ["act1", "ReLU", 2, 0],
      ["pool1", "MaxPool2d", 3, 0, { kernel_size: 2 }],
      ["conv2", "Conv2d", 4, 0, { out_channels: 16, kernel_size: 5 }],
      ["act2", "ReLU", 5, 0],
      ["pool2", "MaxPool2d", 6, 0, { kernel_size: 2 }],
      ["flat", "Flatten", 7, 0],
      ["fc", "Linear", 8, 0, { out_features: 10 }],
      ["loss", "CrossEntropyLoss", 9, 1],
      ["opt", "Adam", 10, 1, { lr: 0.002 }],
    ],
    edges: [
      ...chain("data.x", "conv1", "act1", "pool1", "conv2", "act2", "pool2", "flat", "fc"),
      ...classify("fc"),
    ],
    training: { batch_size: 32, seed: 0, steps: 600, log_every: 25 },
  };
}

function resnetBlock(): PresetSpec {
  return {
    meta: {
      title: "A residual block: a CNN with a skip connection",
      topic: "CNNs",
      note: "A stride-2 stem convolution and a pooling bring the digit down to 8 maps of 7×7; then a residual block: two 3×3 convolutions whose output the Add block sums with the block's own input, the skip connection. The block only has to learn a correction to its input, and the gradient reaches the stem through the skip without passing through the convolutions, which is what lets networks hundreds of blocks deep train. Delete the wire into skip.a to get a plain CNN and compare.",
      target: "test accuracy ≥ 94 % within 1,000 steps (batch 32); CI trains 300 steps and checks ≥ 90 %",
    },
    nodes: [
      ["data", "Dataset", 0, 1, { name: "mnist" }],
      ["stem", "Conv2d", 1, 0, { out_channels: 8, kernel_size: 3, stride: 2, padding: 1 }],
      ["stem_act", "ReLU", 2, 0],
      ["pool", "MaxPool2d", 3, 0, { kernel_size: 2 }],
      ["conv_a", "Conv2d", 4, 1, { out_channels: 8, kernel_size: 3, padding: 1 }],
      ["act_a", "ReLU", 5, 1],
      ["conv_b", "Conv2d", 6, 1, { out_channels: 8, kernel_size: 3, padding: 1 }],
      ["skip", "Add", 7, 0],
      ["block_act", "ReLU", 8, 0],
      ["flat", "Flatten", 9, 0],
      ["fc", "Linear", 10, 0, { out_features: 10 }],
      ["loss", "CrossEntropyLoss", 11, 1],
      ["opt", "Adam", 12, 1, { lr: 0.005 }],
    ],
    edges: [
      ...chain("data.x", "stem", "stem_act", "pool", "conv_a", "act_a", "conv_b"),
      "pool.out -> skip.a",
      "conv_b.out -> skip.b",
      ...chain("skip", "block_act", "flat", "fc"),
      ...classify("fc"),
    ],
    training: { batch_size: 32, seed: 0, steps: 1000, log_every: 50 },
  };
}

/** Steps both transfer presets train for: small, which is where pretrained features pay off. */
export const TRANSFER_STEPS = 30;

/** The transfer pair: conv features (pretrained and frozen, or fresh) and a new head for digits 5–9. */
export function transferDoc(pretrained: boolean): PresetSpec {
  const conv: NodeSpec[] = [
    ["conv1", "Conv2d", 1, 0, { out_channels: 4, kernel_size: 5 }, pretrained],
    ["act1", "ReLU", 2, 0],
    ["pool1", "MaxPool2d", 3, 0, { kernel_size: 2 }],
    ["conv2", "Conv2d", 4, 0, { out_channels: 8, kernel_size: 5 }, pretrained],
    ["act2", "ReLU", 5, 0],
    ["pool2", "MaxPool2d", 6, 0, { kernel_size: 2 }],
    ["flat", "Flatten", 7, 0],
  ];
  return {
    meta: pretrained
      ? {
          title: "Transfer learning: frozen features pretrained on digits 0–4, a new head for 5–9",
          topic: "transfer learning",
          note: "conv1 and conv2 carry weights that wiregrad learned on digits 0–4 (scripts/pretrain-transfer.ts) and are frozen; only the new head, 645 weights, learns digits 5–9. Strokes, loops and corners look the same in every digit, so the pretrained features already separate the new classes. Train this and transfer-from-scratch for the same 30 steps (under a thousand images) and compare their test accuracy; then train both longer and watch the gap close once labels are plentiful.",
          target: `after ${TRANSFER_STEPS} steps on digits 5–9: test accuracy ≥ 88 %, at least 5 points above transfer-from-scratch at the same budget`,
        }
      : {
          title: "Transfer learning, the baseline: the same network trained from scratch on digits 5–9",
          topic: "transfer learning",
          note: "The same network as transfer-learning, with the same head and optimiser, but its convolutions start from random weights and train with the head. With only 30 steps it has to learn the features and the classifier at once, from under a thousand images. Run it beside transfer-learning to show what pretrained features are worth on a small budget.",
          target: `after ${TRANSFER_STEPS} steps on digits 5–9: test accuracy below transfer-learning's by at least 5 points`,
        },
    nodes: [
      ["data", "Dataset", 0, 1, { name: "mnist", labels: [5, 6, 7, 8, 9] }],
      ...conv,
      ["head", "Linear", 8, 0, { out_features: 5 }],
      ["loss", "CrossEntropyLoss", 9, 1],
      ["opt", "Adam", 10, 1, { lr: 0.005 }],
    ],
    edges: [
      ...chain("data.x", "conv1", "act1", "pool1", "conv2", "act2", "pool2", "flat", "head"),
      ...classify("head"),
    ],
    training: { batch_size: 32, seed: 0, steps: TRANSFER_STEPS, log_every: 5 },
  };
}

function rnnSine(): PresetSpec {
  return {
    meta: {
      title: "Predict the next value of a sine wave with an RNN",
      topic: "sequence modelling",
      note: "Each sample is 12 noisy steps of a sine wave and the target is the next value. The RNN block reads the window one step at a time with the same weights, carrying a 16-number hidden state; its final state h_n ([layers, B, H], hence the Transpose and Flatten) feeds a Linear head. Step through the unrolled loop to show the shared weights, then swap the RNN for an LSTM or GRU.",
      target: "test MSE < 0.01 within 300 steps (the noise alone gives 0.0025)",
    },
    nodes: [
      ["data", "Dataset", 0, 1, { name: "sine_sequence", n_samples: 500, noise: 0.05, seq_len: 12, seed: 0 }],
      ["rnn", "RNN", 1, 0, { hidden_size: 16 }],
      ["last", "Transpose", 2, 0, { dim0: 0, dim1: 1 }],
      ["flat", "Flatten", 3, 0],
      ["head", "Linear", 4, 0, { out_features: 1 }],
      ["loss", "MSELoss", 5, 1],
      ["opt", "Adam", 6, 1, { lr: 0.01 }],
    ],
    edges: [
      "data.x -> rnn.in",
      "rnn.h_n -> last.in",
      ...chain("last", "flat", "head"),
      "head.out -> loss.input",
      "data.y -> loss.target",
      "loss.loss -> opt.loss",
    ],
    training: { batch_size: 32, seed: 0, steps: 300, log_every: 20 },
  };
}

function embeddings(): PresetSpec {
  return {
    meta: {
      title: "Embeddings: token vectors learned from a toy task",
      topic: "sequence modelling",
      note: "Each sample is 8 token ids from a vocabulary of 16; its class is the group (0–3, 4–7, 8–11 or 12–15) of the first token, and the other tokens are noise. The Embedding block is a learned table of one 2-D vector per token, so it can be drawn as a scatter of 16 points. Show the scatter before and after training: tokens of the same group gather together, because that is all the head needs to tell the groups apart.",
      target:
        "test accuracy ≥ 95 % within 300 steps; every token's embedding lies nearer its own group's centroid than any other group's",
    },
    nodes: [
      [
        "data",
        "Dataset",
        0,
        1,
        { name: "tokens", n_samples: 1000, seq_len: 8, vocab_size: 16, num_groups: 4, noise: 0, seed: 0 },
      ],
      ["embed", "Embedding", 1, 0, { num_embeddings: 16, embedding_dim: 2 }],
      ["flat", "Flatten", 2, 0],
      ["head", "Linear", 3, 0, { out_features: 4 }],
      ["loss", "CrossEntropyLoss", 4, 1],
      ["opt", "Adam", 5, 1, { lr: 0.05 }],
    ],
    edges: [...chain("data.x", "embed", "flat", "head"), ...classify("head")],
    training: { batch_size: 32, seed: 0, steps: 300, log_every: 20 },
  };
}

function vaeMnist(): PresetSpec {
  return {
    meta: {
      title: "A variational autoencoder on MNIST",
      topic: "deep generative models",
      note: "The encoder maps a digit to the mean mu and log-variance logvar of a 2-D Gaussian; NormalSample draws z = mu + e^(logvar/2)·ε, and the decoder turns z back into 784 pixel logits. The loss is the negative ELBO: BCEWithLogitsLoss against the input pixels (reconstruction) plus GaussianKL, which pulls each code towards N(0, I); both sum over the batch, so divide the logged loss by 32 for nats per image. Show the latent scatter coloured by digit, and the grid of decoded samples over z ∈ [−3, 3]².",
      target:
        "test −ELBO < 175 nats per image within 1,500 steps (batch 32); CI trains 250 steps and checks < 195 (untrained: about 545)",
    },
    nodes: [
      ["data", "Dataset", 0, 1, { name: "mnist", flatten: true }],
      ["enc", "Linear", 1, 1, { out_features: 64 }],
      ["enc_act", "ReLU", 2, 1],
      ["mu", "Linear", 3, 0, { out_features: 2 }],
      ["logvar", "Linear", 3, 2, { out_features: 2 }],
      ["z", "NormalSample", 4, 1],
      ["dec", "Linear", 5, 1, { out_features: 64 }],
      ["dec_act", "ReLU", 6, 1],
      ["logits", "Linear", 7, 1, { out_features: 784 }],
      ["recon", "BCEWithLogitsLoss", 8, 1, { reduction: "sum" }],
      ["kl", "GaussianKL", 5, 2.5, { reduction: "sum" }],
      ["opt", "Adam", 9, 1.5, { lr: 0.002 }],
    ],
    edges: [
      ...chain("data.x", "enc", "enc_act", "mu"),
      "enc_act.out -> logvar.in",
      "mu.out -> z.mu",
      "logvar.out -> z.logvar",
      ...chain("z", "dec", "dec_act", "logits"),
      "logits.out -> recon.input",
      "data.x -> recon.target",
      "mu.out -> kl.mu",
      "logvar.out -> kl.logvar",
      // The KL term is left unwired: an unwired loss joins the optimiser's objective.
      "recon.loss -> opt.loss",
    ],
    training: { batch_size: 32, seed: 0, steps: 1500, log_every: 50 },
  };
}

/** Samples drawn per step in monte-carlo. */
const MC_SAMPLES = 100;

function monteCarlo(): PresetSpec {
  const K = MC_SAMPLES;
  return {
    meta: {
      title: "Monte-Carlo: fit q = N(μ, σ²) by sampling, with the reparameterised gradient",
      topic: "Monte-Carlo inference",
      note: "We look for the Gaussian q = N(μ, σ²) closest to p(z) ∝ exp(−(z − 3)²) by minimising E_q[(z − 3)²] − ½·log σ² (expected energy minus entropy, up to constants). No block computes the expectation: 100 samples z = μ + σ·ε, with ε ~ N(0, 1) from NormalSample, give a Monte-Carlo estimate (the MSELoss against 3), and since ε lies outside the path from μ and σ the same samples give the reparameterised gradient. Watch μ go to 3 and σ² to ½, and the estimate scatter around its exact value (μ − 3)² + σ².",
      target:
        "after 300 steps μ within 0.15 of 3 and σ² within 0.15 of 0.5; the 100-sample estimate within 0.25 of the exact (μ − 3)² + σ²",
    },
    nodes: [
      ["zeros", "Constant", 0, 0, { value: Array(K).fill(0) }],
      ["eps", "NormalSample", 1, 0],
      ["logvar", "Parameter", 0, 2, { shape: [], init: "values", value: [0] }],
      ["half", "Constant", 0, 3, { value: 0.5 }],
      ["half_logvar", "Mul", 1, 2.5],
      ["sigma", "Exp", 2, 2],
      ["noise", "Mul", 3, 1],
      ["mu", "Parameter", 3, 2.5, { shape: [], init: "values", value: [0] }],
      ["z", "Add", 4, 1.5],
      ["three", "Constant", 4, 0, { value: Array(K).fill(3) }],
      ["estimate", "MSELoss", 5, 1],
      ["objective", "Sub", 6, 2],
      ["opt", "Adam", 7, 2, { lr: 0.05 }],
    ],
    edges: [
      "zeros.out -> eps.mu",
      "zeros.out -> eps.logvar",
      "logvar.out -> half_logvar.a",
      "half.out -> half_logvar.b",
      "half_logvar.out -> sigma.in",
      "eps.out -> noise.a",
      "sigma.out -> noise.b",
      "mu.out -> z.a",
      "noise.out -> z.b",
      "z.out -> estimate.input",
      "three.out -> estimate.target",
      "estimate.loss -> objective.a",
      "half_logvar.out -> objective.b",
      "objective.out -> opt.loss",
    ],
    training: { batch_size: 1, seed: 0, steps: 300, log_every: 20 },
  };
}

/** GumbelSoftmax temperatures the lecturer steps through, each for a third of the budget. */
export const GUMBEL_TAUS = [2, 1, 0.5];

function gumbelSoftmax(): PresetSpec {
  return {
    meta: {
      title: "Gumbel-softmax: learn a categorical choice through a relaxation",
      topic: "differentiable relaxations",
      note: "Five cards are worth 0 to 4 and the loss is (value of the drawn card − 3)², so the right choice is card 3. Drawing a category has no gradient, but GumbelSoftmax draws a soft one-hot sample softmax((logits + Gumbel noise)/τ) whose gradient reaches the logits. Start at τ = 2 and lower it to 1 and then 0.5 as it trains, so the samples get closer to true one-hot draws, and watch the Softmax block's distribution pile onto card 3.",
      target:
        "with τ annealed 2 → 1 → 0.5 over 3 × 100 steps, softmax(logits) gives card 3 a probability ≥ 0.9",
    },
    nodes: [
      ["logits", "Parameter", 0, 1, { shape: [5], init: "zeros" }],
      ["values", "Constant", 1, 0, { value: [0, 1, 2, 3, 4] }],
      ["sample", "GumbelSoftmax", 1, 1, { tau: GUMBEL_TAUS[0] }],
      ["probs", "Softmax", 1, 2.5, { dim: -1 }],
      ["picked", "MatMul", 2, 0.5],
      ["want", "Constant", 2, 2, { value: 3 }],
      ["loss", "MSELoss", 3, 1],
      ["opt", "Adam", 4, 1, { lr: 0.1 }],
    ],
    edges: [
      "logits.out -> sample.in",
      "logits.out -> probs.in",
      "sample.out -> picked.a",
      "values.out -> picked.b",
      "picked.out -> loss.input",
      "want.out -> loss.target",
      "loss.loss -> opt.loss",
    ],
    training: { batch_size: 1, seed: 0, steps: 300, log_every: 20 },
  };
}

function gan2d(): PresetSpec {
  return {
    meta: {
      title: "A GAN learns a 2-D distribution",
      topic: "deep generative models",
      note: "Real points lie along the line y = 2x + 1 for x in [−1, 1]. The generator turns 2-D Gaussian noise (NormalSample fed zeros shaped like the batch) into points; the discriminator sees a real and a fake point side by side (the Concat stacks them) and learns to tell them apart, while each Adam updates only its own network (see their params). Both losses settle near ln 2 ≈ 0.69, the value at which the discriminator can no longer tell; plot the real and fake clouds every 100 steps to watch the fakes collapse onto the line.",
      target:
        "after 1,000 steps the generated points' mean distance to the line y = 2x + 1 is < 0.1 (about 0.5 untrained), their mean y is within 0.2 of 1 and the spread of their x within 0.15 of the data's 0.58",
    },
    nodes: [
      ["data", "Dataset", 0, 0, { name: "linear", n_samples: 2000, noise: 0.05, seed: 0 }],
      ["real", "Concat", 1, 0, { dim: 1 }],
      ["zero_pair", "Constant", 0, 2, { value: [0, 0] }],
      ["zeros", "Mul", 1, 2],
      ["noise", "NormalSample", 2, 2],
      ["g1", "Linear", 3, 2, { out_features: 32 }],
      ["g_act", "Tanh", 4, 2],
      ["g2", "Linear", 5, 2, { out_features: 2 }],
      ["real_row", "Reshape", 5, 0, { shape: [1, 2] }],
      ["fake_row", "Reshape", 6, 2, { shape: [1, 2] }],
      ["both", "Concat", 7, 1, { dim: 1 }],
      ["d1", "Linear", 8, 1, { out_features: 32 }],
      ["d_act", "LeakyReLU", 9, 1, { negative_slope: 0.2 }],
      ["d2", "Linear", 10, 1, { out_features: 1 }],
      ["logits", "Reshape", 11, 1, { shape: [2] }],
      ["d_sign", "Constant", 11, 0, { value: [-1, 1] }],
      ["d_signed", "Mul", 12, 0],
      ["d_softplus", "Softplus", 13, 0],
      ["d_loss", "Mean", 14, 0],
      ["g_pick", "Constant", 11, 2.5, { value: [[0], [-1]] }],
      ["g_signed", "MatMul", 12, 2],
      ["g_softplus", "Softplus", 13, 2],
      ["g_loss", "Mean", 14, 2],
      ["opt_d", "Adam", 15, 0, { lr: 0.002, betas: [0.5, 0.999], params: ["d1", "d2"] }],
      ["total", "Add", 15, 1],
      ["opt_g", "Adam", 15, 2, { lr: 0.002, betas: [0.5, 0.999], params: ["g1", "g2"] }],
    ],
    edges: [
      "data.x -> real.a",
      "data.y -> real.b",
      "data.x -> zeros.a",
      "zero_pair.out -> zeros.b",
      "zeros.out -> noise.mu",
      "zeros.out -> noise.logvar",
      ...chain("noise", "g1", "g_act", "g2", "fake_row"),
      "real.out -> real_row.in",
      "real_row.out -> both.a",
      "fake_row.out -> both.b",
      ...chain("both", "d1", "d_act", "d2", "logits"),
      "logits.out -> d_signed.a",
      "d_sign.out -> d_signed.b",
      ...chain("d_signed", "d_softplus", "d_loss"),
      "logits.out -> g_signed.a",
      "g_pick.out -> g_signed.b",
      ...chain("g_signed", "g_softplus", "g_loss"),
      "d_loss.out -> opt_d.loss",
      "g_loss.out -> opt_g.loss",
      // No loss block here, and outputs wired into optimisers do not count as the graph's output,
      // so `total` (L_D + L_G) is the single unconsumed output the compiler needs and the loss the run
      // logs. Each optimiser still minimises only the loss wired into it.
      "d_loss.out -> total.a",
      "g_loss.out -> total.b",
    ],
    training: { batch_size: 64, seed: 0, steps: 1000, log_every: 50 },
  };
}

function main() {
  const root = join(fileURLToPath(import.meta.url), "..", "..", "presets");
  for (const [name, spec] of Object.entries(presetSpecs())) {
    writeFileSync(join(root, `${name}.json`), canonical(build(spec), `${name}.json`));
    console.log(`presets/${name}.json`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
