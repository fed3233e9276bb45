// jax-js on WebGPU, written the JAX way: a pure loss, one jit over valueAndGrad and the SGD
// update, so jax-js may fuse the whole step. Arrays follow jax-js's move semantics: every
// argument is consumed, `.ref` keeps a second reference.

import { defaultDevice, init, jit, lax, nn, numpy as np, valueAndGrad } from "@jax-js/jax";
import { type Batch, makeParams } from "../data";
import { type Library, type MatmulRunner, matmulOperands, type Trainer } from "../library";
import { sampleShape, type TrainSpec } from "../workloads";

let started: Promise<void> | undefined;

function start(): Promise<void> {
  started ??= init("webgpu").then((devices) => {
    if (!devices.includes("webgpu")) throw new Error("jax-js found no WebGPU device");
    defaultDevice("webgpu");
  });
  return started;
}

type Params = Record<string, np.Array>;

function forward(spec: TrainSpec, p: Params, x: np.Array, rows: number): np.Array {
  const m = spec.model;
  if (m.kind === "cnn") {
    const pool = (h: np.Array) => lax.reduceWindow(h, np.max, [2, 2], [2, 2]);
    let h = lax.conv(x, p["conv1.weight"], [1, 1], "VALID").add(p["conv1.bias"].reshape([8, 1, 1]));
    h = pool(nn.relu(h));
    h = lax.conv(h, p["conv2.weight"], [1, 1], "VALID").add(p["conv2.bias"].reshape([16, 1, 1]));
    h = pool(nn.relu(h));
    return np.dot(h.reshape([rows, 256]), p["fc.weight"].transpose()).add(p["fc.bias"]);
  }
  let h = x;
  const layers = m.sizes.length - 1;
  for (let i = 1; i <= layers; i++) {
    h = np.dot(h, p[`fc${i}.weight`].transpose()).add(p[`fc${i}.bias`]);
    if (i < layers) h = m.act === "tanh" ? np.tanh(h) : nn.relu(h);
  }
  return h;
}

function makeStep(spec: TrainSpec, rows: number) {
  const { classes } = sampleShape(spec.model);
  const loss = (p: Params, x: np.Array, y: np.Array): np.Array => {
    const out = forward(spec, p, x, rows);
    if (classes > 0)
      return nn
        .logSoftmax(out, -1)
        .mul(y)
        .sum()
        .mul(-1 / rows);
    return np.square(out.sub(y)).mean();
  };
  // One jitted function for the whole step: loss, gradients and the SGD update.
  return jit((p: Params, x: np.Array, y: np.Array) => {
    const names = Object.keys(p);
    const keep: Params = {};
    for (const n of names) keep[n] = p[n].ref;
    const [value, g] = valueAndGrad(loss)(keep, x, y);
    const next: Params = {};
    for (const n of names) next[n] = p[n].sub(g[n].mul(spec.lr));
    return [value, next] as [np.Array, Params];
  });
}

export const jaxWebgpu: Library = {
  id: "jax-webgpu",
  async train(spec, data: Batch): Promise<Trainer> {
    await start();
    const m = spec.model;
    const { classes } = sampleShape(m);
    let params: Params = {};
    for (const [name, v] of makeParams(spec)) params[name] = np.array(v.data).reshape(v.shape);
    const xShape = m.kind === "cnn" ? [data.rows, 1, 28, 28] : [data.rows, m.sizes[0]];
    const x = np.array(data.x).reshape(xShape);
    const y =
      classes > 0
        ? np.array(data.onehot!).reshape([data.rows, classes])
        : np.array(data.y).reshape([data.rows, 1]);
    const step = makeStep(spec, data.rows);
    return {
      activate: start,
      step() {
        const [value, next] = step(params, x.ref, y.ref);
        params = next;
        return value;
      },
      async read(h) {
        const d = await (h as np.Array).data();
        return d[0] as number;
      },
      drop: (h) => (h as np.Array).dispose(),
      dispose() {
        for (const v of Object.values(params)) v.dispose();
        x.dispose();
        y.dispose();
        step.dispose();
      },
    };
  },
  async matmul(n): Promise<MatmulRunner> {
    await start();
    const { a: ad, b: bd } = matmulOperands(n);
    const a = np.array(ad).reshape([n, n]);
    const b = np.array(bd).reshape([n, n]);
    return {
      activate: start,
      async run(reps) {
        // jax-js is lazy: a product nobody waits for is never computed, so every one is
        // dispatched (blockUntilReady) before the last is read back.
        const cs = Array.from({ length: reps }, () => np.matmul(a.ref, b.ref));
        await Promise.all(cs.map((c) => c.blockUntilReady()));
        await cs[reps - 1].ref.data();
        for (const c of cs) c.dispose();
      },
      dispose() {
        a.dispose();
        b.dispose();
      },
    };
  },
};
