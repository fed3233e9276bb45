// The training workloads (1–3), described once so every library builds the same
// network on the same data shapes.

export type Model =
  | { kind: "mlp"; sizes: number[]; act: "tanh" | "relu"; loss: "mse" | "ce" }
  /** conv 8@5×5 → ReLU → maxpool 2 → conv 16@5×5 → ReLU → maxpool 2 → Linear 10, on 1×28×28. */
  | { kind: "cnn" };

export interface TrainSpec {
  id: 1 | 2 | 3;
  title: string;
  model: Model;
  batch: number;
  lr: number;
  unit: "steps/s" | "examples/s";
}

export const TRAIN_SPECS: TrainSpec[] = [
  {
    id: 1,
    title: "tiny MLP 2→8→8→1 tanh, batch 10, SGD",
    model: { kind: "mlp", sizes: [2, 8, 8, 1], act: "tanh", loss: "mse" },
    batch: 10,
    lr: 0.05,
    unit: "steps/s",
  },
  {
    id: 2,
    title: "MLP 784→256→128→10 ReLU, batch 1000, SGD",
    model: { kind: "mlp", sizes: [784, 256, 128, 10], act: "relu", loss: "ce" },
    batch: 1000,
    lr: 0.05,
    unit: "examples/s",
  },
  {
    id: 3,
    title: "CNN conv8@5×5→pool→conv16@5×5→pool→Linear 10, batch 250, SGD",
    model: { kind: "cnn" },
    batch: 250,
    lr: 0.05,
    unit: "examples/s",
  },
];

/** Per-sample input shape (NCHW for images) and the number of classes (0: regression, 1 target). */
export function sampleShape(m: Model): { x: number[]; classes: number } {
  if (m.kind === "cnn") return { x: [1, 28, 28], classes: 10 };
  const out = m.sizes[m.sizes.length - 1];
  return { x: [m.sizes[0]], classes: m.loss === "ce" ? out : 0 };
}

/** Weight shapes as PyTorch lays them out (Linear [out, in], Conv2d [out, in, k, k]) with fan-in. */
export function paramShapes(m: Model): { name: string; shape: number[]; fanIn: number }[] {
  if (m.kind === "cnn") {
    return [
      { name: "conv1.weight", shape: [8, 1, 5, 5], fanIn: 25 },
      { name: "conv1.bias", shape: [8], fanIn: 25 },
      { name: "conv2.weight", shape: [16, 8, 5, 5], fanIn: 200 },
      { name: "conv2.bias", shape: [16], fanIn: 200 },
      { name: "fc.weight", shape: [10, 256], fanIn: 256 },
      { name: "fc.bias", shape: [10], fanIn: 256 },
    ];
  }
  return m.sizes.slice(1).flatMap((out, i) => {
    const fanIn = m.sizes[i];
    return [
      { name: `fc${i + 1}.weight`, shape: [out, fanIn], fanIn },
      { name: `fc${i + 1}.bias`, shape: [out], fanIn },
    ];
  });
}
