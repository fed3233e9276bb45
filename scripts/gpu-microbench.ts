// A Node micro-benchmark of the WebGPU backend for iterating on kernels: the issue's
// workloads 1–3 as GraphDocs (steps/s, examples/s) and workload 4 (matmul GFLOP/s), with
// wiregrad's CPU executor side by side in the same process as the peer. Medians of ≥ 5
// runs. Not the official cross-library benchmark (that one runs in Chromium, in bench/).
//
//   npx tsx scripts/gpu-microbench.ts [w1 w2 w3 w4] [--path=auto|single|planned] [--runs=5]

import { executeCpu } from "../src/backends/cpu/executor";
import { GpuRuntime } from "../src/backends/webgpu/executor";
import { nodeDatasetLoader } from "../src/cli/datasets";
import type { GraphDoc } from "../src/graph/doc";
import { IRBuilder } from "../src/ir/builder";
import { GpuTrainSession } from "../src/train/gpuSession";
import { TrainSession } from "../src/train/session";

const args = process.argv.slice(2);
const flag = (name: string, def: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const RUNS = Number(flag("runs", "5"));
const PATH = flag("path", "auto");
const picked = args.filter((a) => !a.startsWith("--"));
const wants = (w: string) => picked.length === 0 || picked.includes(w);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

type Layer = { id: string; type: string; params?: Record<string, unknown> };

/** A chain of blocks from a dataset to a loss, trained with plain SGD. */
function chainDoc(dataset: Record<string, unknown>, layers: Layer[], loss: string, batch: number): GraphDoc {
  const nodes = [
    { id: "data", type: "Dataset", params: dataset, position: { x: 0, y: 0 } },
    ...layers.map((l, i) => ({
      id: l.id,
      type: l.type,
      params: l.params ?? {},
      position: { x: 200 * (i + 1), y: 0 },
    })),
    { id: "loss", type: loss, params: {}, position: { x: 0, y: 200 } },
    { id: "opt", type: "SGD", params: { lr: 0.05 }, position: { x: 200, y: 200 } },
  ];
  const port = (id: string, p: string) => ({ node: id, port: p });
  const edges = [];
  let prev = port("data", "x");
  for (const l of layers) {
    edges.push({ id: `${prev.node}->${l.id}`, source: prev, target: port(l.id, "in") });
    prev = port(l.id, "out");
  }
  edges.push({ id: "out->loss", source: prev, target: port("loss", "input") });
  edges.push({ id: "y->loss", source: port("data", "y"), target: port("loss", "target") });
  edges.push({ id: "loss->opt", source: port("loss", "loss"), target: port("opt", "loss") });
  return {
    format: "wiregrad-graph",
    version: 1,
    meta: { title: "microbench" },
    nodes,
    edges,
    training: { batch_size: batch, seed: 0, steps: 100, log_every: 10, test_fraction: 0.2 },
  } as unknown as GraphDoc;
}

const workloads = {
  w1: {
    title: "tiny MLP 2→8→8→1 tanh, batch 10, SGD",
    batch: 10,
    steps: 200,
    doc: () =>
      chainDoc(
        { name: "xor", n_samples: 400, noise: 0.2, seed: 0 },
        [
          { id: "fc1", type: "Linear", params: { out_features: 8 } },
          { id: "a1", type: "Tanh" },
          { id: "fc2", type: "Linear", params: { out_features: 8 } },
          { id: "a2", type: "Tanh" },
          { id: "fc3", type: "Linear", params: { out_features: 2 } },
        ],
        "CrossEntropyLoss",
        10,
      ),
  },
  w2: {
    title: "MLP 784→256→128→10 ReLU, batch 1000, SGD",
    batch: 1000,
    steps: 6,
    doc: () =>
      chainDoc(
        { name: "mnist", flatten: true },
        [
          { id: "fc1", type: "Linear", params: { out_features: 256 } },
          { id: "a1", type: "ReLU" },
          { id: "fc2", type: "Linear", params: { out_features: 128 } },
          { id: "a2", type: "ReLU" },
          { id: "fc3", type: "Linear", params: { out_features: 10 } },
        ],
        "CrossEntropyLoss",
        1000,
      ),
  },
  w3: {
    title: "CNN conv8@5×5→ReLU→pool→conv16@5×5→ReLU→pool→Linear 10, batch 250, SGD",
    batch: 250,
    steps: 3,
    doc: () =>
      chainDoc(
        { name: "mnist" },
        [
          { id: "c1", type: "Conv2d", params: { out_channels: 8, kernel_size: 5 } },
          { id: "a1", type: "ReLU" },
          { id: "p1", type: "MaxPool2d", params: { kernel_size: 2 } },
          { id: "c2", type: "Conv2d", params: { out_channels: 16, kernel_size: 5 } },
          { id: "a2", type: "ReLU" },
          { id: "p2", type: "MaxPool2d", params: { kernel_size: 2 } },
          { id: "fl", type: "Flatten" },
          { id: "fc", type: "Linear", params: { out_features: 10 } },
        ],
        "CrossEntropyLoss",
        250,
      ),
  },
} as const;

async function timeTraining(rt: GpuRuntime, key: keyof typeof workloads) {
  const w = workloads[key];
  const doc = w.doc();
  const t0 = performance.now();
  const gpu = await GpuTrainSession.create(doc, nodeDatasetLoader, {
    runtime: rt,
    ...(PATH === "auto" ? {} : { path: PATH }),
  } as Parameters<typeof GpuTrainSession.create>[2]);
  const first = await gpu.trainStep();
  const firstMs = performance.now() - t0;
  const cpu = new TrainSession(doc, nodeDatasetLoader);
  cpu.trainStep();
  const gpuRates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    const pending = Array.from({ length: w.steps }, () => gpu.trainStep());
    await Promise.all(pending);
    await gpu.flush();
    await pending[pending.length - 1];
    gpuRates.push((w.steps * 1000) / (performance.now() - t));
    const cpuSteps = Math.max(2, Math.ceil(w.steps / 2));
    t = performance.now();
    for (let s = 0; s < cpuSteps; s++) cpu.trainStep();
    cpuRates.push((cpuSteps * 1000) / (performance.now() - t));
  }
  // Each step awaiting its loss (the other mode the official bench times).
  const awaited: number[] = [];
  if (key === "w1") {
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      for (let s = 0; s < 20; s++) {
        const log = gpu.trainStep();
        await gpu.flush();
        await log;
      }
      awaited.push(20000 / (performance.now() - t));
    }
  }
  const stats = gpu.stats;
  gpu.destroy();
  const unit = key === "w1" ? "steps/s" : "examples/s";
  const scale = key === "w1" ? 1 : w.batch;
  const g = gpuRates.map((x) => x * scale);
  const c = cpuRates.map((x) => x * scale);
  console.log(
    `${key} ${w.title}\n   webgpu ${median(g).toFixed(1)} ${unit} (${spread(g)})  cpu ${median(c).toFixed(1)} (${spread(c)})  ratio ${(median(g) / median(c)).toFixed(2)}×${awaited.length ? `  awaited ${median(awaited).toFixed(1)} steps/s` : ""}\n   dispatches/step ${stats.dispatches}, copies ${stats.copies}, first step ${firstMs.toFixed(0)} ms (loss ${first.loss.toFixed(4)})`,
  );
  return {
    key,
    webgpu: median(g),
    cpu: median(c),
    unit,
    awaited: awaited.length ? median(awaited) : undefined,
    dispatches: stats.dispatches,
    firstMs,
  };
}

async function timeMatmul(rt: GpuRuntime, n: number) {
  const b = new IRBuilder();
  const x = b.input("a", [n, n]);
  const y = b.input("b", [n, n]);
  const z = x.matmul(y);
  const feeds = {
    a: Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)),
    b: Float32Array.from({ length: n * n }, (_, i) => Math.cos(i)),
  };
  const p = await rt.compile({ nodes: b.nodes, outputs: [z.id] });
  await p.run(feeds, { seed: 0, step: 0 }, [z.id]);
  const flops = 2 * n * n * n;
  // Several matmuls per submit, like a training step, so the submit does not dominate.
  const reps = n <= 256 ? 8 : n <= 512 ? 4 : 1;
  const gpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const enc = rt.device.createCommandEncoder();
    for (let k = 0; k < reps; k++) p.encode(enc);
    rt.device.queue.submit([enc.finish()]);
    await rt.device.queue.onSubmittedWorkDone();
    gpu.push((reps * flops) / ((performance.now() - t) * 1e6));
  }
  const cpu: number[] = [];
  for (let r = 0; r < Math.min(RUNS, n >= 1024 ? 1 : RUNS); r++) {
    const t = performance.now();
    executeCpu(b.nodes, [z.id], { dtype: "f32", feeds, variables: {}, seed: 0, step: 0 });
    cpu.push(flops / ((performance.now() - t) * 1e6));
  }
  p.destroy();
  console.log(
    `w4 matmul ${n}³  webgpu ${median(gpu).toFixed(2)} GFLOP/s (${spread(gpu)})  cpu ${median(cpu).toFixed(2)}  dispatches ${p.dispatchCount}`,
  );
  return { key: `w4-${n}`, webgpu: median(gpu), cpu: median(cpu), unit: "GFLOP/s" };
}

async function main() {
  const rt = await GpuRuntime.create();
  console.log(`adapter ${rt.ctx.adapter} (software: ${rt.ctx.software}), path ${PATH}, ${RUNS} runs`);
  const results = [];
  for (const key of ["w1", "w2", "w3"] as const) if (wants(key)) results.push(await timeTraining(rt, key));
  if (wants("w4")) for (const n of [256, 512, 1024]) results.push(await timeMatmul(rt, n));
  console.log(JSON.stringify(results));
  rt.destroy();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
