// TensorFlow.js on its webgpu, cpu and webgl backends: the same networks written the way a
// TF.js user would (variables, tf.train.sgd, optimizer.minimize), in TF.js's native NHWC
// layout for images. Each backend keeps its own tensors, so switching never migrates data.

import "@tensorflow/tfjs-backend-webgpu";
import * as tf from "@tensorflow/tfjs";
import { type Batch, makeParams, toTfLayout } from "../data";
import { type Library, type MatmulRunner, matmulOperands, type Trainer } from "../library";
import type { LibId } from "../types";
import { sampleShape, type TrainSpec } from "../workloads";

type Backend = "webgpu" | "cpu" | "webgl";

async function use(backend: Backend): Promise<void> {
  if (tf.getBackend() === backend) return;
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js could not initialise its ${backend} backend`);
  // Off, so small tensors are not computed on the CPU behind the benchmark's back (the issue asks for this).
  if (backend === "webgpu") tf.env().set("WEBGPU_CPU_FORWARD", false);
}

/** NCHW rows → NHWC (one channel: the same numbers, only the shape differs). */
function images(data: Batch): tf.Tensor4D {
  return tf.tensor4d(data.x, [data.rows, 28, 28, 1]);
}

function model(spec: TrainSpec, data: Batch) {
  const params = makeParams(spec);
  const v = new Map<string, tf.Variable>();
  for (const [name, p] of params) {
    const t = toTfLayout(p.shape, p.data);
    // Unnamed: TF.js names variables globally, and each backend builds its own copy.
    v.set(name, tf.variable(tf.tensor(t.data, t.shape), true));
  }
  const w = (name: string) => v.get(name)!;
  const m = spec.model;
  const { classes } = sampleShape(m);
  const x: tf.Tensor = m.kind === "cnn" ? images(data) : tf.tensor2d(data.x, [data.rows, m.sizes[0]]);
  const y =
    classes > 0 ? tf.tensor2d(data.onehot!, [data.rows, classes]) : tf.tensor2d(data.y, [data.rows, 1]);
  const loss = (): tf.Scalar => {
    let h: tf.Tensor;
    if (m.kind === "cnn") {
      h = tf.relu(
        tf.add(tf.conv2d(x as tf.Tensor4D, w("conv1.weight") as tf.Tensor4D, 1, "valid"), w("conv1.bias")),
      );
      h = tf.maxPool(h as tf.Tensor4D, 2, 2, "valid");
      h = tf.relu(
        tf.add(tf.conv2d(h as tf.Tensor4D, w("conv2.weight") as tf.Tensor4D, 1, "valid"), w("conv2.bias")),
      );
      h = tf.maxPool(h as tf.Tensor4D, 2, 2, "valid");
      // NHWC flatten order differs from NCHW's; the product's cost is the same.
      h = tf.add(tf.matMul(tf.reshape(h, [data.rows, 256]), w("fc.weight")), w("fc.bias"));
    } else {
      h = x;
      const layers = m.sizes.length - 1;
      for (let i = 1; i <= layers; i++) {
        h = tf.add(tf.matMul(h, w(`fc${i}.weight`)), w(`fc${i}.bias`));
        if (i < layers) h = m.act === "tanh" ? tf.tanh(h) : tf.relu(h);
      }
    }
    return classes > 0 ? tf.losses.softmaxCrossEntropy(y, h) : tf.losses.meanSquaredError(y, h);
  };
  return { loss, vars: [...v.values()], x, y };
}

function tfjs(backend: Backend): Library {
  const id = `tfjs-${backend}` as LibId;
  return {
    id,
    async train(spec, data): Promise<Trainer> {
      await use(backend);
      const { loss, vars, x, y } = model(spec, data);
      const opt = tf.train.sgd(spec.lr);
      return {
        activate: () => use(backend),
        step: () => opt.minimize(loss, true, vars),
        async read(h) {
          const t = h as tf.Scalar;
          const v = (await t.data())[0];
          t.dispose();
          return v;
        },
        drop: (h) => (h as tf.Scalar).dispose(),
        dispose() {
          tf.dispose([...vars, x, y]);
          opt.dispose();
        },
      };
    },
    async matmul(n): Promise<MatmulRunner> {
      await use(backend);
      const { a: ad, b: bd } = matmulOperands(n);
      const a = tf.tensor2d(ad, [n, n]);
      const b = tf.tensor2d(bd, [n, n]);
      return {
        activate: () => use(backend),
        async run(reps) {
          let c: tf.Tensor | undefined;
          for (let k = 0; k < reps; k++) {
            c?.dispose();
            c = tf.matMul(a, b);
          }
          await c!.data();
          c!.dispose();
        },
        dispose: () => tf.dispose([a, b]),
      };
    },
  };
}

export const tfjsWebgpu = tfjs("webgpu");
export const tfjsCpu = tfjs("cpu");
export const tfjsWebgl = tfjs("webgl");
